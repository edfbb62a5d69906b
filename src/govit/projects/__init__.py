"""Projects: the application, the scheme and approval, and the audit trail of every step."""
