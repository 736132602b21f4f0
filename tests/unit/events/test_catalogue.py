"""The built-in interest catalogue: big enough, well formed, and every label translatable."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from companion.domain.catalogue import CatalogueError, parse_catalogue
from companion.domain.folding import slugify
from companion.services.profile.interests import builtin_catalogue

LABELS_MODULE = (
    Path(__file__).resolve().parents[3] / "companion" / "resources" / "interest_labels.py"
)


def _marked_labels(name: str) -> list[str]:
    tree = ast.parse(LABELS_MODULE.read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and target.id == name:
            assert isinstance(node, ast.Assign)
            assert isinstance(node.value, ast.Tuple)
            labels = []
            for call in node.value.elts:
                assert isinstance(call, ast.Call) and getattr(call.func, "id", "") == "N_"
                argument = call.args[0]
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                labels.append(argument.value)
            return labels
    raise AssertionError(f"{name} not found in {LABELS_MODULE}")


def test_the_catalogue_has_at_least_70_interests_in_at_least_10_groups() -> None:
    # Given the shipped catalogue
    catalogue = builtin_catalogue()
    # Then it is big enough and every group holds interests
    assert len(catalogue.interests) >= 70
    assert len(catalogue.groups) >= 10
    assert all(catalogue.in_group(group.slug) for group in catalogue.groups)


def test_slugs_are_unique_stable_keys_and_labels_unique() -> None:
    # Given the shipped catalogue
    interests = builtin_catalogue().interests
    # Then no slug or label repeats, and every slug is in slug form
    assert len({interest.slug for interest in interests}) == len(interests)
    assert len({interest.label.casefold() for interest in interests}) == len(interests)
    assert all(slugify(interest.slug) == interest.slug for interest in interests)
    assert all(interest.builtin for interest in interests)


def test_every_interest_has_at_least_two_keywords_and_german_ones_exist() -> None:
    # Given the shipped catalogue
    interests = builtin_catalogue().interests
    # Then each interest has synonyms, and German words are among them (German Meetup events)
    thin = [interest.slug for interest in interests if len(interest.keywords) < 2]
    assert thin == []
    board_games = next(i for i in interests if i.slug == "board-games")
    assert {"board game", "brettspiel*", "tabletop", "catan", "meeple"} <= set(board_games.keywords)


def test_the_label_module_marks_exactly_the_labels_of_the_json() -> None:
    # Given the catalogue and the module pybabel extracts its labels from
    catalogue = builtin_catalogue()
    # Then both name the same interest labels and group labels, in the same order
    assert _marked_labels("INTEREST_LABELS") == [i.label for i in catalogue.interests]
    assert _marked_labels("GROUP_LABELS") == [group.label for group in catalogue.groups]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"groups": []}, "lists"),
        (
            {"groups": [{"slug": "g", "label": "G"}], "interests": [{"slug": "x", "label": "X"}]},
            "group",
        ),
        (
            {
                "groups": [{"slug": "g", "label": "G"}],
                "interests": [
                    {"slug": "x", "label": "X", "group": "g"},
                    {"slug": "x", "label": "Y", "group": "g"},
                ],
            },
            "repeats",
        ),
        ({"groups": [{"slug": "g", "label": "G"}], "interests": ["x"]}, "object"),
    ],
)
def test_malformed_catalogue_data_is_refused_with_the_reason(data: object, problem: str) -> None:
    # Given catalogue data with a mistake
    assert isinstance(data, dict)
    # When it is parsed
    with pytest.raises(CatalogueError, match=problem):
        parse_catalogue(data)
