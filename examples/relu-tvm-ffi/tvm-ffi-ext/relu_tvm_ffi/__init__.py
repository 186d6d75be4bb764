from ._ops import ops


def relu(x, out=None):
    """out = max(x, 0) for a float32 DLPack tensor (torch.Tensor, numpy array, ...)."""
    if out is None:
        import torch  # only for allocating; callers without Torch pass `out`

        out = torch.empty_like(x)
    ops.relu(out, x)
    return out
