"""The ranking columns of the Prices sheet: the keys and the rank, decided as Procure decides them.

A bid's rank is 1 plus the number of bids in the competition with a better total rounded to 6
decimals (lower for ``award-on-value``); among equal totals the rubric's ``tie_break`` rules apply
in order, as further ``COUNTIFS`` terms. A rule is skipped for a tied set in which some bid has no
key (no price, no submission time), as the engine does. The submission time is the number
``YYYYMMDDhhmmss``, so that it compares exactly.
"""

from __future__ import annotations

from ..evaluation_file import Bid
from .layout import P_IN, P_PR, P_PRICE, P_Q, P_QR, P_SUB, P_T, P_TR, P_VALID, PRICES_TOP, RANKED, Plan, at, span
from .sheet import Entry, Sheet, formula, number
from .styles import BOLD, GRID, SUBMITTED

_TIE_KEYS = {"quality": (P_QR, ">"), "price": (P_PR, "<"), "submission": (P_SUB, "<")}


def rank_cells(sheet: Sheet, row: int, bid: Bid | None) -> list[Entry]:
    """The keys (T, Q and P rounded to 6 decimals, the submission time) and the rank."""
    get = sheet.styles.get
    listed = at(P_IN, row)
    keys = get(border=GRID, number_format="0.000000")
    price = f'IF({at(P_VALID, row)}=1,ROUND({at(P_PRICE, row)},6),"")'
    return [
        formula(f'=IF({listed}=1,ROUND({at(P_T, row)},6),"")', keys),
        formula(f'=IF({listed}=1,ROUND({at(P_Q, row)},6),"")', keys),
        formula(f'=IF({listed}=1,{price},"")', get(border=GRID, number_format="#,##0.000000")),
        number(_submission_key(bid), get(border=GRID, number_format=SUBMITTED)),
        formula(_rank_formula(sheet.plan, row), get(font=BOLD, border=GRID, number_format="0")),
    ]


def _submission_key(bid: Bid | None) -> int | None:
    """``YYYYMMDDhhmmss`` as a number: it orders like the time and compares exactly."""
    if bid is None or bid.submitted is None:
        return None
    return int(bid.submitted.strftime("%Y%m%d%H%M%S"))


def _rank_formula(plan: Plan, row: int) -> str:
    """1 + the bids in the competition ahead on the total, then on each tie-break rule in turn."""
    first, last = plan.bid_rows(PRICES_TOP)
    listed = f"{span(P_IN, first, last)},1"
    better = "<" if plan.award_on_value else ">"
    total = span(P_TR, first, last)
    ahead = f'COUNTIFS({listed},{total},"{better}"&{at(P_TR, row)})'
    tied = [(total, at(P_TR, row))]
    rules = [rule for rule in plan.rubric.tie_break if rule in _TIE_KEYS]
    rest = _tie_terms(plan, row, listed, tied, rules)
    body = f"1+{ahead}" + (f"+{rest}" if rest else "")
    return f'=IF(AND({at(P_IN, row)}=1,{RANKED}=1),{body},"")'


def _tie_terms(plan: Plan, row: int, listed: str, tied: list[tuple[str, str]], rules: list[str]) -> str:
    """The COUNTIFS terms of the tie-break ``rules`` among the bids ``tied`` with this one."""
    if not rules:
        return ""
    column, better = _TIE_KEYS[rules[0]]
    first, last = plan.bid_rows(PRICES_TOP)
    keys, mine = span(column, first, last), at(column, row)
    same = "".join(f",{keys_},{value}" for keys_, value in tied)
    ahead = f'COUNTIFS({listed}{same},{keys},"{better}"&{mine})'
    applied = _tie_terms(plan, row, listed, [*tied, (keys, mine)], rules[1:])
    with_rule = ahead + (f"+{applied}" if applied else "")
    if not _may_lack_key(plan, rules[0]):
        return with_rule
    # The engine skips a rule for a tied set in which some bid has no key (no price or no time).
    skipped = _tie_terms(plan, row, listed, tied, rules[1:]) or "0"
    return f'IF(COUNTIFS({listed}{same})=COUNTIFS({listed}{same},{keys},">=0"),{with_rule},{skipped})'


def _may_lack_key(plan: Plan, rule: str) -> bool:
    if rule == "submission":
        return any(bid.submitted is None for bid in plan.evaluation.bids)
    if rule == "price":
        return plan.formula == "quality-only"
    return False
