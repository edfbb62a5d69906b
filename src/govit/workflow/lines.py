"""The lines a project walks, read off the declaration (pure): its route from the start to the
approval on each path of 第十三条, and its life after the approval by category."""

from collections.abc import Callable
from functools import partial

from govit.workflow.lifecycle import (
    APPROVED,
    START,
    STATE_BY_CODE,
    TRANSITIONS,
    Transition,
    applicable,
    transitions_from,
)


def _ahead(state: str, fits: Callable[[Transition], bool], line: str) -> Transition:
    """The one forward transition out of `state` that `fits`; more or none: `line` is not one line."""
    ahead = [t for t in transitions_from(state) if t.kind == "forward" and fits(t)]
    if len(ahead) != 1:
        raise ValueError(f"{line} is not one line at {state!r}: {ahead}")
    return ahead[0]


def route_steps(*, path: str, new: bool, urgent: bool) -> list[str]:
    """The policy route's steps for these facts, in order (POLICY-CLI `route`): walked along the
    declaration's forward transitions from the start to the approval. The route is declared here
    once — which transition leads where on each path of 第十三条, and that an urgent project
    (第十一条) skips the leading group — and the policy package reads it from here."""
    state, steps = START, []
    while state != APPROVED:
        step = STATE_BY_CODE[state].step
        if step and step not in steps:
            steps.append(step)
        fits = partial(applicable, path=path, new=new, urgent=urgent)
        state = _ahead(state, fits, f"the route of path {path!r}").target
    return steps


def later_steps(category: str) -> tuple[str, ...]:
    """The states from the approval on, in order, of a project of `category`: walked along the
    forward transitions that apply to it, up to the last before an end state."""
    steps = [APPROVED]
    while True:
        line = f"the life of category {category!r}"
        target = _ahead(steps[-1], lambda t: not t.categories or category in t.categories, line).target
        if STATE_BY_CODE[target].final:
            return tuple(steps)
        steps.append(target)


def shown_as(state: str, line: tuple[str, ...]) -> str:
    """The step of `line` a state off it is shown as: the one it was sent back from (合规性审查整改
    is shown as 合规性审查); a state on the line, or reached otherwise, as itself."""
    if state in line:
        return state
    back = {
        s for t in TRANSITIONS if t.kind == "return" and t.target == state for s in t.sources if s in line
    }
    return back.pop() if len(back) == 1 else state
