"""The exception tree: codes, exit codes and the JSON error body."""

from __future__ import annotations

import pytest

from tremorwatch import errors


def test_every_error_is_a_tremorwatch_error() -> None:
    classes = [
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type)
        and issubclass(obj, Exception)
        and obj.__module__ == errors.__name__
    ]
    assert len(classes) >= 10
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes)), "codes must be unique"
    for cls in classes:
        assert issubclass(cls, errors.TremorwatchError)


def test_to_dict_names_field() -> None:
    exc = errors.InputError("age_days must be 0-1095; got -3.", field="infant.age_days")
    assert exc.to_dict() == {
        "code": "invalid_input",
        "message": "age_days must be 0-1095; got -3.",
        "field": "infant.age_days",
    }


def test_subclass_relationships() -> None:
    assert issubclass(errors.NotFound, errors.InputError)
    assert issubclass(errors.RateLimited, errors.AccessDenied)
    with pytest.raises(errors.TremorwatchError):
        raise errors.RecordingError("truncated file")
