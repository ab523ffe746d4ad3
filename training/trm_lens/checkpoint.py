"""Reading and writing this project's training checkpoints (see trm_lens.train for their contents)."""
import os
from pathlib import Path
from typing import Dict, Union

import torch


def load_checkpoint(path: Union[str, Path]) -> Dict:
    """Load one of our own checkpoints on CPU. They hold plain Python values (args, RNG states) beside
    the tensors, which torch >= 2.6's default `weights_only=True` loader and torch 1.13's weights-only
    loader refuse, so this reads them as the trusted files they are. Do not use it for checkpoints
    from elsewhere: those go through the weights-only path of the converter."""
    return torch.load(path, map_location="cpu", weights_only=False)


def save_checkpoint(path: Union[str, Path], state: Dict) -> None:
    """Write atomically, so an interrupted save never leaves a truncated `latest.pt`."""
    path = Path(path)
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)
