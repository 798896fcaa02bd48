"""Keyword-argument typos, reported with the closest known name.

Shipped in the wheel as ``libvirt_hyperv._keyword_hints`` (scripts/jsii/package.ts copies it in and calls it from
every generated module). jsii-pacmak turns each TypeScript struct into keyword arguments, so a misspelt property
such as ``spinlock_retry=8191`` becomes Python's bare "got an unexpected keyword argument" TypeError, which names
neither the right spelling nor the accepted ones (Python 3.11 and 3.12 add no suggestion). TypeScript says
"Did you mean to write 'spinlockRetries'?" at compile time; this gives Python users the same help at call time.
Only the argument check is added: a call with known keywords goes straight to the generated code.
"""

import difflib
import functools
import inspect

_KEYWORD_KINDS = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def unknown_keyword_message(owner, keyword, known):
    """The TypeError text for `keyword`, which `owner` does not take: Python's own words, then the fix."""
    text = f"{owner}() got an unexpected keyword argument '{keyword}'."
    close = difflib.get_close_matches(keyword, known, n=1, cutoff=0.6)
    if close:
        return f"{text} Did you mean '{close[0]}'?"
    return f"{text} It takes: {', '.join(sorted(known))}."


def _with_hints(func, owner):
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return func
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return func
    known = [p.name for p in parameters if p.kind in _KEYWORD_KINDS and p.name not in ("self", "cls")]
    if not any(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters):
        return func
    accepted = frozenset(known)

    @functools.wraps(func)
    def checked(*args, **kwargs):
        for keyword in kwargs:
            if keyword not in accepted:
                raise TypeError(unknown_keyword_message(owner, keyword, known)) from None
        return func(*args, **kwargs)

    return checked


def add_keyword_hints(namespace):
    """Checks the keyword arguments of the public classes in a generated module's `namespace` (its globals())."""
    for name in namespace.get("__all__", ()):
        cls = namespace.get(name)
        if not inspect.isclass(cls):
            continue
        for attr, member in list(vars(cls).items()):
            if attr == "__init__" and inspect.isfunction(member):
                setattr(cls, attr, _with_hints(member, cls.__name__))
            elif isinstance(member, (classmethod, staticmethod)) and inspect.isfunction(member.__func__):
                wrapped = _with_hints(member.__func__, f"{cls.__name__}.{attr}")
                if wrapped is not member.__func__:
                    replacement = type(member)(wrapped)
                    # jsii.member's marks (jsii_name) live on the classmethod object: keep them.
                    replacement.__dict__.update(getattr(member, "__dict__", {}))
                    setattr(cls, attr, replacement)
