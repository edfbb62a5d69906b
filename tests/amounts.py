"""The texts every surface reads as the same amount (govit.policy.parse_amount, the one parser):
the web forms, the lifecycle's action inputs and the API take each the same way."""

# (what a person types or sends, the yuan it is everywhere)
SAME_AMOUNT = (
    ("1200万", "12000000.00"),
    ("0.5万元", "5000.00"),
    ("12000000", "12000000.00"),
    ("12,000,000.00", "12000000.00"),
    ("12000000元", "12000000.00"),
    ("0.000001万", "0.01"),
)

# Refused everywhere: negative, finer than a fen, an exponent, MAX_AMOUNT, not a number.
REFUSED_TEXT = ("-1", "0.001", "1e5", "100000000000000", "八百万")

# JSON numbers written with a point arrive as floats: refused everywhere, never rounded.
FLOATS = (0.5, 1200.0, 12000000.0)
