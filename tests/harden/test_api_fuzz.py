"""The API fuzzed against its own OpenAPI schema (schemathesis), as a federation administrator's token.

Every operation gets a few schema-valid and a few schema-violating requests (path ids are half the
time those of real objects, so that detail and write operations go past the 404), then stateful
sequences follow the schema's links (create → update → read). No answer may be a 5xx, and no answer
may contradict the schema: its status declared, its body shaped as declared. Bounded: a handful of
examples per operation, no example database, derandomised (the same run every time).
"""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    response_schema_conformance,
    status_code_conformance,
)

from alatau.api.models import ApiToken
from alatau.core.models import User

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: Examples per operation; ALATAU_FUZZ_SCALE=10 runs ten times as many (a deeper, slower hunt).
SCALE = int(os.environ.get("ALATAU_FUZZ_SCALE", "1"))
EXAMPLES = {GenerationMode.POSITIVE: 8 * SCALE, GenerationMode.NEGATIVE: 4 * SCALE}
#: Path parameter → the key of the real object of the world fixture it names.
REAL_IDS = {
    "club_id": "club",
    "person_id": "person",
    "licence_id": "requested",
    "race_id": "race",
    "course_id": "edu-course",
    "certificate_id": "edu-certificate",
    "study_id": "study",
}
FAST = settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


@pytest.fixture
def admin_headers(alice_admin: User) -> dict[str, str]:
    _, token = ApiToken.issue(alice_admin, "fuzzer")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api_schema(db: None) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever the requests inside write is undone afterwards (a savepoint of the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def with_real_ids(case: Any, use_real: bool, world: dict[str, Any]) -> Any:
    """Half the cases name real objects in the path (the other half keep the generated ids)."""
    if use_real and case.path_parameters:
        for name in case.path_parameters:
            if name in REAL_IDS and REAL_IDS[name] in world:
                case.path_parameters[name] = world[REAL_IDS[name]].pk
    return case


def fuzz_operation(operation: Any, mode: GenerationMode, call: Callable[[Any], None], world: dict) -> None:
    strategy = st.tuples(operation.as_strategy(generation_mode=mode), st.booleans())

    @given(drawn=strategy)
    @settings(FAST, max_examples=EXAMPLES[mode])
    def run(drawn: tuple[Any, bool]) -> None:
        with rolled_back():  # every example meets the same registry: reproducible, shrinkable
            call(with_real_ids(drawn[0], drawn[1], world))

    try:
        run()
    except Unsatisfiable:  # nothing to violate (no parameters, no body): the positive run covers it
        assert mode is GenerationMode.NEGATIVE


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
def test_every_operation_keeps_to_the_schema(
    api_schema: Any, admin_headers: dict[str, str], world: dict[str, Any], mode: GenerationMode
) -> None:
    def call(case: Any) -> None:
        response = case.call(headers=admin_headers)
        case.validate_response(response, checks=CHECKS)

    failures: dict[str, str] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 30  # the whole API, the domain apps' routers included
    for operation in operations:
        try:
            fuzz_operation(operation, mode, call, world)
        except (Exception, BaseExceptionGroup) as error:  # collect all: one report names every failure
            failures[operation.label] = f"{type(error).__name__}: {str(error)[:600]}"
    assert failures == {}


@pytest.mark.slow
def test_stateful_sequences_follow_the_links(
    api_schema: Any, admin_headers: dict[str, str], world: dict[str, Any]
) -> None:
    """Create a club, a person or a licence, then update and read it through the links of the schema."""
    base = api_schema.as_state_machine()

    class Sequences(base):  # type: ignore[misc, valid-type]
        def setup(self) -> None:  # each sequence starts from the same registry
            self.savepoint = transaction.atomic()
            self.savepoint.__enter__()

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": admin_headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            # ...and what a 201 created can be read back through its link.
            case.validate_response(response, checks=[*CHECKS, ensure_resource_availability])

    Sequences.run(settings=settings(FAST, max_examples=15 * SCALE, stateful_step_count=5))
