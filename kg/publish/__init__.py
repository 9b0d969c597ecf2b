"""Publish a build into an external SPARQL 1.1 store, one named graph per resolution, sending
only what changed since the last publish to that store (see kg.publish.core)."""

from kg.publish.client import KINDS, Endpoint, StoreClient, StoreRefused
from kg.publish.core import PublishResult, plan, publish

__all__ = ["KINDS", "Endpoint", "PublishResult", "StoreClient", "StoreRefused", "plan",
           "publish"]
