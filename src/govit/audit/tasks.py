"""The audit log's daily work as tasks (celery beat): sign the chain's head, then verify it all."""

import logging

from celery import shared_task

from govit.audit.verify import audit_checkpoint, audit_verify

logger = logging.getLogger(__name__)


@shared_task(name="govit.audit.checkpoint", ignore_result=True)
def checkpoint() -> int | None:
    """The signed checkpoint of today's head (its sequence number), as `govit manage audit_checkpoint`."""
    line = audit_checkpoint()
    return line["seq"] if line else None


@shared_task(name="govit.audit.verify", ignore_result=True)
def verify() -> bool:
    """The whole chain and its checkpoints, as `govit manage audit_verify`; each problem is logged
    as an error (the worker's log is where the operators' alerting looks)."""
    result = audit_verify()
    if result.ok:
        logger.info("审计日志完好：%d 条事件，至 #%s。", result.events, result.last_seq)
    for problem in result.problems:
        logger.error("审计日志发现问题：%s", problem)
    return result.ok
