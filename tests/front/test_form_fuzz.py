"""Every form GovIT defines, fed arbitrary text, numbers and dates in every field (issue 10 §5):
it answers with validation errors, never another exception.

The forms are discovered (every `forms.py` module's Form classes), not listed, so a new form is
covered without a change here. Each is built as its view builds it: the arguments its constructor
requires are made by name (BUILDERS); a form that requires an argument no builder knows fails the
test until one is added. Once a form is valid, the methods its views call on it (data_for_service,
filters, inputs, line, …: the public methods the class itself defines) run too.
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.front.formdata import BUILDERS, FORMS, posted, required_arguments, what_its_views_call

from govit.projects.errors import ActionError

# Bounded: about forty forms, each with this many examples, in a few seconds all told.
settings.register_profile(
    "forms", max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
FORMS_PROFILE = settings.get_profile("forms")
# What GovIT's forms may raise: a refusal of the input, never a fault.
REFUSALS = (ValidationError, ActionError)


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__name__}")
def test_a_form_refuses_anything_with_validation_errors_and_nothing_else(cls):
    missing = [name for name in required_arguments(cls) if name not in BUILDERS]
    assert not missing, f"{cls.__name__} needs {missing}: add a builder for it"

    @settings(FORMS_PROFILE)
    @given(st.data())
    def fill(data):
        arguments = {name: data.draw(BUILDERS[name], label=name) for name in required_arguments(cls)}
        fields, files = data.draw(posted(cls(**arguments)), label="posted")
        form = cls(fields, files, **arguments)
        try:
            valid = form.is_valid()
            str(form)  # the page draws it again, with its errors
            if valid:
                for method in what_its_views_call(cls):
                    getattr(form, method)()
        except REFUSALS:
            pass

    fill()


def test_every_form_is_found():
    names = {cls.__name__ for cls in FORMS}
    assert len(FORMS) >= 35
    assert {"ApplicationForm", "ActionForm", "DocumentUploadForm", "IncidentForm", "ScheduleForm"} <= names
