"""The review of screening matches in the JSON API, under /api/matches: list the matches, read
one, and confirm or reject it. A decision goes through ``storage.matches.review_match``, as
``kizashi lists review`` and the entity page's buttons do, so it is kept for the (entry, entity)
pair over re-screens and re-imports. A POST from another site's page is refused by the app's
cross-site check, as every state-changing request is."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from kizashi.storage import Store
from kizashi.storage.matches import query_matches, review_match
from kizashi.storage.queries import Page
from kizashi.web import models as m
from kizashi.web.deps import ITEM_ID_PATTERN, get_store

router = APIRouter(prefix="/api/matches", tags=["screening"])
StoreDep = Annotated[Store, Depends(get_store)]
MatchId = Annotated[str, Path(pattern=ITEM_ID_PATTERN)]
STATUSES = ("match", "possible", "confirmed", "rejected")
DECISIONS = {"confirm": "confirmed", "reject": "rejected"}  # the CLI's words


@router.get("", response_model=m.PageOut[m.MatchOut], summary="Screening matches, best first")
def api_matches(
    store: StoreDep,
    status: Annotated[
        str | None,
        Query(pattern="^(match|possible|confirmed|rejected)$", description="a review counts first"),
    ] = None,
    entity: Annotated[str | None, Query(pattern=ITEM_ID_PATTERN, description="one entity's id")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page:
    rows = query_matches(store, status=status, entity_id=entity)
    return Page(len(rows), limit, offset, rows[offset : offset + limit])


def _match(store: Store, match_id: str) -> dict[str, Any]:
    found = query_matches(store, match_id=match_id)
    if not found:
        raise HTTPException(404, f"no match {match_id}")
    return found[0]


@router.get("/{match_id}", response_model=m.MatchOut, summary="One screening match, with why")
def api_match(store: StoreDep, match_id: MatchId) -> dict[str, Any]:
    return _match(store, match_id)


@router.post("/{match_id}", response_model=m.MatchOut, summary="Confirm or reject a screening match")
def api_review_match(store: StoreDep, match_id: MatchId, review: m.ReviewIn) -> dict[str, Any]:
    _match(store, match_id)
    review_match(store, match_id, DECISIONS[review.decision])
    return _match(store, match_id)
