"""Names: a lookup by name that lists the valid ones, and old keyword names kept after a rename.

One idea has one name in the library (``layer_dims`` for [n0, n1, ..., nL], ``num_iterations``
for the length of a training run, ``initialize_parameters`` for an initialiser). Where a name was
renamed, the old keyword stays accepted through ``renamed_keywords``, silently: a warning would
land in the saved outputs of the notebooks that still use it.
"""
import functools

__all__ = ["pick", "renamed_keywords"]


def pick(table, key, what):
    """table[key]; an unknown key raises ValueError that names what was asked for and lists the
    valid keys (what: e.g. "激活函数 (activation)")."""
    try:
        return table[key]
    except (KeyError, TypeError):
        valid = ", ".join(repr(k) for k in table)
        raise ValueError(f"未知的{what}：{key!r}；可选 (valid)：{valid}") from None


def renamed_keywords(**old_to_new):
    """Decorator: a call with old=... is passed on as new=...; giving both is a TypeError.
    The wrapper keeps the function's signature (new names) and lists the old ones in
    ``renamed_keywords``."""
    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{fn.__name__}() 同时收到 {old}= 和 {new}=：{old} 是 {new} "
                                        f"的旧名字，只传 {new}= (got both {old}= and {new}=)")
                    kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)

        call.renamed_keywords = dict(old_to_new)
        return call
    return wrap
