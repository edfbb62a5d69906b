"""第二十六条第二款 (R5.6): evaluation results steer next year's money — shown beside a system's
O&M application and the unit's other applications while they are written and reviewed, with the
recommendation the policy version's `[steering]` table makes, which the BDB's review heeds or
overrides with a reason; and every system in service is prompted for its yearly O&M application."""
