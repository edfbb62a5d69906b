"""The one small engine that moves a project along its declared lifecycle.

`actions_for` lists what a person may do now (the UI's buttons, the API's /actions);
`perform` does one of them; `enter` takes a project recorded from a district's earlier list into
the state its row says (workflow/entries.py, R2.10). Only these two change `Project.state`; `perform`,
in one transaction,
1. locks the project row (PostgreSQL) and checks the version the person saw (SQLite and both),
2. finds the declared transition for this state and route,
3. checks the person's role and relation to the project,
4. validates the inputs the declaration names, and their dates against the project's recorded
   dates in the declared order (govit.policy.chronology),
5. enforces 第十二条 and the declared guards, each refusal naming its article,
6. applies the transition's effects (records, list code…), moves the state, bumps the version,
7. writes the audit event.

At import it checks the declaration against the registries it reads (`validate_declaration`):
every guard, effect, role, state and document kind a transition names must exist.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from govit import clock
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.documents.models import Document, DocumentKind
from govit.projects import chronology, errors
from govit.projects.audit import record_event, record_events
from govit.projects.models import Project, ProjectEvent
from govit.workflow import change, effects, guards, lifecycle
from govit.workflow.entries import ENTRY_BY_CODE
from govit.workflow.guards import INPUT_GUARDS, Unmet, unmet
from govit.workflow.inputs import DocumentFacts, clean_inputs, json_schema
from govit.workflow.lifecycle import (
    START,
    STATE_BY_CODE,
    TRANSITIONS,
    Transition,
    applicable,
    transitions_from,
)

UNIT_ROLES = frozenset({Role.UNIT, Role.UNIT_LEADER})


@dataclass(frozen=True)
class Action:
    """A transition a person may take now; `blocked` lists what still stands in the way."""

    transition: Transition
    blocked: list[Unmet] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.transition.code

    @property
    def label(self) -> str:
        return self.transition.label

    @property
    def article(self) -> int:
        return self.transition.article

    def input_schema(self) -> dict[str, Any]:
        return json_schema(self.transition.inputs)


def transitions_for(project: Project) -> list[Transition]:
    """The declared transitions out of the project's state that fit its route facts."""
    return [
        t
        for t in transitions_from(project.state)
        if applicable(
            t, path=project.path, new=project.is_new, urgent=project.urgent, category=project.category
        )
    ]


def may_act(user: User, project: Project, transition: Transition) -> bool:
    """Role and relation: the transition's actor role, and for a unit's roles, the project's unit."""
    if not user.has_role(transition.actor):
        return False
    return transition.actor not in UNIT_ROLES or user.organisation_id == project.unit_id


def actions_for(project: Project, user: User, *, check_guards: bool = True) -> list[Action]:
    """What `user` may do to `project` now; with `check_guards`, what blocks each (a few queries)."""
    actions = []
    for transition in transitions_for(project):
        if may_act(user, project, transition):
            # Guards that judge only what is typed in the form are left to the submission.
            blocked = unmet(project, transition, {}, skip=INPUT_GUARDS) if check_guards else []
            if project.classified_at is not None and _needs_text(transition):
                blocked = [Unmet(27, errors.CLASSIFIED), *blocked]  # 第二十七条: no text is taken
            actions.append(Action(transition, blocked))
    return actions


def _needs_text(transition: Transition) -> bool:
    return any(i.type in ("text", "longtext") and i.required for i in transition.inputs)


def perform(
    *, project: Project, user: User, code: str, inputs: dict[str, Any], version: int | None = None
) -> Project:
    """Take the action `code` on `project` as `user`; see the module docstring for the steps."""
    try:
        with transaction.atomic():
            return _perform(project.pk, user, code, inputs, version)
    except IntegrityError as error:
        # Two writers raced past the checks (e.g. the same event seq or list code): one wins.
        raise errors.Conflict(errors.CONFLICT) from error


def _perform(pk: int, user: User, code: str, inputs: dict[str, Any], version: int | None) -> Project:
    project = Project.objects.select_for_update().select_related("unit").get(pk=pk)
    if version is not None and project.version != version:
        raise errors.Conflict(errors.CONFLICT)
    transition = _transition(project, code)
    if not may_act(user, project, transition):
        if not user.has_role(transition.actor):
            actor = Role(transition.actor).label
            raise errors.NotPermitted(errors.NOT_YOUR_ROLE.format(label=transition.label, actor=actor))
        raise errors.NotPermitted(errors.NOT_YOUR_UNIT)
    documents = {
        pk: DocumentFacts(kind, uploaded_as)
        for pk, kind, uploaded_as in Document.objects.filter(project=project)
        .order_by()
        .values_list("pk", "kind", "uploaded_as")
    }
    if project.classified_at is not None and _needs_text(transition):
        errors.refuse_if_classified(project)  # 第二十七条: a step that needs text is not taken here
    cleaned = clean_inputs(transition.inputs, inputs, documents=documents, article=transition.article)
    if project.classified_at is not None:
        # 第二十七条: a classified project's steps are recorded, never the text typed with them.
        for declared in transition.inputs:
            if declared.type in ("text", "longtext") and cleaned.get(declared.name):
                errors.refuse_if_classified(project, field=declared.name)
    chronology.check_inputs(project, transition, cleaned)
    target = STATE_BY_CODE[transition.target]
    if target.listed and not project.list_code and transition.code != "list":
        raise errors.NotPossible(errors.UNLISTED, article=12)
    blocking = unmet(project, transition, cleaned)
    if blocking:
        raise errors.NotPossible(blocking[0].reason, article=blocking[0].article)

    from_state = project.state
    effects.apply(transition, project, user, cleaned)
    moved = {"state_since": clock.now()} if target.code != from_state else {}
    updated = Project.objects.filter(pk=project.pk, version=project.version).update(
        state=target.code, version=F("version") + 1, **moved
    )
    if updated != 1:
        raise errors.Conflict(errors.CONFLICT)
    project.refresh_from_db()
    record_event(
        project=project,
        actor=user,
        role=transition.actor,
        action=transition.code,
        label=transition.label,
        from_state=from_state,
        to_state=target.code,
        inputs=cleaned,
        article=transition.article,
        clause=transition.clause,
    )
    return project


ENTERED_ALREADY = "只有刚从历史清单导入、尚处草稿的项目才能按清单所载状态进入流程。"
NOT_IN_ITS_LIFE = "{category}项目的流程中没有“{state}”。"


def enter(*, project: Project, user: User, code: str, inputs: dict[str, Any]) -> Project:
    """Move one project just recorded from a district's earlier list into its row's state."""
    (entered,) = enter_many(user=user, entries=[(project, code, inputs)])
    return entered


@transaction.atomic
def enter_many(*, user: User, entries: list[tuple[Project, str, dict[str, Any]]]) -> list[Project]:
    """Move projects the BDB has just recorded from a district's earlier list (each still in the
    draft it was created in, with no event but its import) into the states their rows say
    (workflow.entries), with the effects (纳入清单: the list codes and channels) and an event each
    naming the import. The application's guards are not asked: the row records what was decided
    before GovIT, as the earlier phase of a continuation built outside it is (第三条); what makes a
    later state true comes with it (the approval, the system in the library: `effects.enter_records`
    from each entry's inputs). In bulk: a few statements for a thousand projects."""
    for code in {code for _, code, _ in entries}:
        entry = ENTRY_BY_CODE[code]
        if not user.has_role(entry.actor):
            raise errors.NotPermitted(
                errors.NOT_YOUR_ROLE.format(label=entry.label, actor=Role(entry.actor).label)
            )
    ids = [project.pk for project, _, _ in entries]
    fresh = (
        Project.objects.select_for_update()
        .filter(pk__in=ids, state=START)
        .exclude(
            pk__in=ProjectEvent.objects.filter(project__in=ids).exclude(action="import").values("project")
        )
    )
    projects = {project.pk: project for project in fresh.select_related("unit")}
    if len(projects) != len(set(ids)):
        raise errors.NotPossible(ENTERED_ALREADY)
    targets: dict[str, list[Project]] = {}
    listed, events, recorded = [], [], []
    for given, code, inputs in entries:
        project, entry = projects[given.pk], ENTRY_BY_CODE[code]
        if entry.like:
            facts = {"path": project.path, "new": project.is_new, "urgent": project.urgent,
                     "category": project.category}  # fmt: skip
            target = next(t for t in TRANSITIONS if t.code == entry.like and applicable(t, **facts)).target
            listed.append(project)  # 纳入清单's effect: its list code and channel, with the others' below
        else:
            target = entry.target
            if project.category not in entry.categories:
                raise errors.NotPossible(NOT_IN_ITS_LIFE.format(
                    category=project.get_category_display(), state=STATE_BY_CODE[target].label))  # fmt: skip
            if STATE_BY_CODE[target].listed:
                listed.append(project)
            recorded.append((project, entry, inputs))
        targets.setdefault(target, []).append(project)
        events.append(ProjectEvent(
            project=project, action=entry.code, label=entry.label, from_state=START, to_state=target,
            actor=user, role=entry.actor, inputs=inputs, article=entry.article, policy_id=project.policy_id,
        ))  # fmt: skip
    effects.list_projects(listed)
    now = clock.now()
    for target, moving in targets.items():
        # It reached the BDB before GovIT: the bureaus see it, as they see what is submitted now.
        updated = Project.objects.filter(pk__in=[p.pk for p in moving], state=START).update(
            state=target, version=F("version") + 1, state_since=now, submitted_at=now
        )
        if updated != len(moving):
            raise errors.Conflict(errors.CONFLICT)
        for project in moving:
            project.state, project.version, project.state_since = target, project.version + 1, now
            project.submitted_at = now
    effects.enter_records(recorded, user)
    record_events(events)
    return [projects[given.pk] for given, _, _ in entries]


def _transition(project: Project, code: str) -> Transition:
    for transition in transitions_for(project):
        if transition.code == code:
            return transition
    declared = [t for t in TRANSITIONS if t.code == code]
    if not declared:
        raise errors.NotPossible(errors.UNKNOWN_ACTION.format(code=code))
    # 第十二条: an action of a listed project, asked of one that is not listed, says why.
    if not project.list_code and all(STATE_BY_CODE[s].listed for t in declared for s in t.sources):
        raise errors.NotPossible(errors.UNLISTED, article=12)
    state = STATE_BY_CODE[project.state].label
    raise errors.NotPossible(errors.NOT_IN_THIS_STATE.format(state=state, action=declared[0].label))


def validate_declaration() -> None:
    """The declaration's names, checked where every registry they refer to is complete: the pure
    checks of `lifecycle` and `change` (states, records), then the guards (`guards.GUARDS`), the
    effects (`effects.EFFECTS`, keyed by transition code), the roles (`Role`) and the document
    kinds (`DocumentKind`). Raises ValueError naming each transition and each unknown name."""
    lifecycle._validate()
    change._validate()
    roles, kinds = set(Role.values), set(DocumentKind.values)
    problems = [f"lifecycle.ROLES: unknown role {r!r}" for r in sorted(lifecycle.ROLES - roles)]
    problems += [
        f"state {s.code}: unknown role {s.actor!r}"
        for s in (*lifecycle.STATES, *change.STATES)
        if s.actor is not None and s.actor not in roles
    ]
    for t in lifecycle.TRANSITIONS:
        where = f"transition {t.code} ({'/'.join(t.sources)} → {t.target})"
        problems += [f"{where}: unknown guard {name!r}" for name in t.guards if name not in guards.GUARDS]
        if t.actor not in roles:
            problems.append(f"{where}: unknown role {t.actor!r}")
        named = (*t.documents, *(kind for i in t.inputs for kind in i.kinds))
        problems += [f"{where}: unknown document kind {kind!r}" for kind in named if kind not in kinds]
        problems += [
            f"{where}: input {i.name}: unknown role {i.uploaded_as!r}"
            for i in t.inputs
            if i.uploaded_as is not None and i.uploaded_as not in roles
        ]
    problems += [
        f"change transition {t.code} ({t.source} → {t.target}): unknown role {t.actor!r}"
        for t in change.TRANSITIONS
        if t.actor not in roles
    ]
    declared = {t.code for t in lifecycle.TRANSITIONS}
    problems += [
        f"effect {code!r}: no transition of that code is declared"
        for code in effects.EFFECTS
        if code not in declared
    ]
    if problems:
        raise ValueError("the lifecycle declaration names what does not exist:\n" + "\n".join(problems))


validate_declaration()
