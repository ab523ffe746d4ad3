// Whether a recursion's state is still made of finite numbers. The RMS of y and z is summed in float64
// from float32 values, which cannot overflow it, so it is NaN or infinite exactly when the state holds a
// NaN or an infinity: the recorded norms tell, with no replay of the full tensors.

export function stateFinite(step: { readonly yNorm: number; readonly zNorm: number }): boolean {
  return Number.isFinite(step.yNorm) && Number.isFinite(step.zNorm);
}
