import sys
from pathlib import Path

import torch

# Tests import the package as `trm_lens` from the training/ folder, as `python3 -m trm_lens.x` does.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
torch.set_num_threads(1)
