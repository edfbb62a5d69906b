"""How much free text GovIT keeps, one limit for each kind of text (issue 10 §5).

The models carry them (a validator on each TextField, beside every CharField's own max_length),
the forms and the API schemas publish and enforce them before a service sees the text, and the
lifecycle's inputs take them too. A limit is counted in characters, as people count 字.
"""

# One line typed in an action's input (a meeting's name, an acceptance agency).
LINE = 200
# A paragraph: a reason, a finding, a description, a comment, a decision.
TEXT = 5000
# A written report's worth: a chapter of the proposal, an expert's review opinion.
REPORT = 20000

# The message when a text is over its limit; {label} names the field.
TOO_LONG = "“{label}”不能超过 {limit} 个字（现有 {length} 个字）。"
# The same for Django's validators, which fill in %(limit_value)d and %(show_value)d themselves.
TOO_LONG_VALIDATOR = "不能超过 %(limit_value)d 个字（现有 %(show_value)d 个字）。"


def too_long(label: str, limit: int, length: int) -> str:
    return TOO_LONG.format(label=label, limit=limit, length=length)
