"""The Prices sheet: the price settings, the figures taken over the competition, and one row per bid.

A bid's row holds its price sheet, the lifecycle price P, *valid price*, S and T by the rubric's
formula, the abnormally-low flag, the ranking keys and the rank (:mod:`.ranks`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...rubric.award_formulas import REGISTRY
from ...rubric.formulas import DEFAULT_VFM_SCALE
from ..engine import BidResult
from .layout import (
    LOW_PERCENT,
    MEAN,
    P_CAPEX,
    P_IN,
    P_MAINT,
    P_OPEX,
    P_PRICE,
    P_Q,
    P_RATE,
    P_S,
    P_VALID,
    P_YEARS,
    PARAMETER,
    PBEST,
    PMAX,
    PRICES_TOP,
    QBEST,
    RATE,
    S_IN,
    SHEET_SCORES,
    SHEET_SUMMARY,
    THRESHOLD,
    WP,
    WP_INPUT,
    WQ,
    WQ_INPUT,
    Plan,
    as_number,
    at,
    money_format,
    sheet_ref,
    span,
)
from .ranks import rank_cells
from .sheet import Entry, Sheet, formula, number, text
from .styles import BOLD, CENTER, GRID, INPUT_FILL, SCORE, YES_BLANK, YES_NO

_HEADERS = (
    "Bid",
    "Bidder",
    "Capital cost",
    "Operating cost / year",
    "Maintenance / year",
    "Years",
    "Discount rate %",
    "Price P",
    "Valid price",
    "In competition",
    "Quality Q",
    "Price score S",
    "Total T",
    "Abnormally low",
    "Key: T (6 dp)",
    "Key: Q (6 dp)",
    "Key: P (6 dp)",
    "Key: submitted",
    "Rank",
)
WIDTHS = (12, 30, 15, 15, 15, 7, 10, 17, 8, 11, 10, 10, 12, 10, 12, 11, 16, 18, 7)


def prices_sheet(sheet: Sheet) -> None:
    plan = sheet.plan
    sheet.print_setup(f"{PRICES_TOP - 1}:{PRICES_TOP - 1}", at(3, PRICES_TOP))
    sheet.put_title(
        "Prices, totals and ranks",
        f"Amounts in {plan.evaluation.currency} as the bids state them. The lowest, highest and mean price and the "
        "best quality are taken over the bids in the competition. Ranks are decided on the keys, rounded to 6 "
        "decimals.",
    )
    rows: dict[int, dict[int, Entry]] = {row: {} for row in range(4, 12)}
    _settings(sheet, rows)
    _aggregates(sheet, rows)
    for row, cells in rows.items():
        sheet.put(row, cells)
    sheet.put_header(PRICES_TOP - 1, _HEADERS)
    for index, bid in enumerate(plan.bids):
        sheet.put(plan.price_row(index), _bid_row(sheet, index, bid))


def _settings(sheet: Sheet, rows: dict[int, dict[int, Entry]]) -> None:
    """Column A and C of rows 4 to 11: the settings an auditor may change, and WQ/WP as used."""
    plan, get = sheet.plan, sheet.styles.get
    price = plan.rubric.price
    basis = "capex" if price.basis == "capex" else "lifecycle"
    rows[4][1] = text("Settings", get(font=BOLD))
    settings: list[tuple[int, str, Any]] = [
        (5, "Price basis (lifecycle or capex)", basis),
        (6, "Discount rate (% a year)", price.discount_rate),
        (7, "Award formula", plan.formula),
        (8, "Quality weight used WQ", _scaled_weight(WQ_INPUT)),
        (9, "Price weight used WP", _scaled_weight(WP_INPUT)),
        (11, "Abnormally low: below % of the mean price", plan.rubric.abnormally_low_percent),
    ]
    parameter = _formula_parameter(plan)
    if parameter is not None:
        settings.append((10, parameter[0], parameter[1]))
    for row, label, value in settings:
        rows[row][1] = text(label)
        if isinstance(value, str) and value.startswith("="):
            rows[row][3] = formula(value, get(number_format="0.00"))
        elif isinstance(value, str):
            rows[row][3] = text(value)
        else:
            rows[row][3] = number(None if value is None else as_number(value), get(fill=INPUT_FILL, border=GRID))


def _summary(address: str) -> str:
    return sheet_ref(SHEET_SUMMARY, address)


def _scaled_weight(weight: str) -> str:
    """WQ or WP as used: scaled so that WQ + WP = 100 (0 when both are 0)."""
    both = f"({_summary(WQ_INPUT)}+{_summary(WP_INPUT)})"
    return f"=IF({both}>0,100*{_summary(weight)}/{both},0)"


def _formula_parameter(plan: Plan) -> tuple[str, Decimal] | None:
    award = plan.rubric.award
    if plan.formula == "log":
        return "Zero ratio A (a price A times the best scores 0)", award.parameter("zero_ratio") or Decimal(0)
    if plan.formula == "value-for-money":
        return "Scale X", award.parameter("scale", DEFAULT_VFM_SCALE) or DEFAULT_VFM_SCALE
    return None


def _aggregates(sheet: Sheet, rows: dict[int, dict[int, Entry]]) -> None:
    """Columns E and H of rows 4 to 10: Pbest, Pmax, the mean, the threshold, Qbest, ranked."""
    plan, get = sheet.plan, sheet.styles.get
    first, last = plan.bid_rows(PRICES_TOP)
    price, valid, listed, quality = (span(c, first, last) for c in (P_PRICE, P_VALID, P_IN, P_Q))
    pool = f"{listed},1,{valid},1"
    money = money_format(plan.evaluation.currency)
    figures = (
        (5, "Lowest price Pbest = Pmin", f'=IF(COUNTIFS({pool})=0,"",_xlfn.MINIFS({price},{pool}))', money),
        (6, "Highest price Pmax", f'=IF(COUNTIFS({pool})=0,"",_xlfn.MAXIFS({price},{pool}))', money),
        (7, "Mean price", f'=IF(COUNTIFS({pool})=0,"",AVERAGEIFS({price},{pool}))', money),
        (8, "Abnormally low below", f'=IF(OR({LOW_PERCENT}="",{MEAN}=""),"",{LOW_PERCENT}/100*{MEAN})', money),
        (9, "Best quality Qbest", f'=IF(COUNTIF({listed},1)=0,"",_xlfn.MAXIFS({quality},{listed},1))', SCORE),
        (10, "Bids are ranked", _ranked_formula(plan), YES_NO),
    )
    rows[4][5] = text("Computed over the bids in the competition", get(font=BOLD))
    for row, label, value, number_format in figures:
        rows[row][5] = text(label)
        rows[row][P_PRICE] = formula(value, get(border=GRID, number_format=number_format))


def _ranked_formula(plan: Plan) -> str:
    """No bid is ranked while nothing at all is scored (unless only price counts)."""
    if plan.formula == "price-only" or not plan.criteria or not plan.bids:
        return "=1"
    first = at(plan.score_column(0), plan.scored_row)
    last = at(plan.score_column(len(plan.bids) - 1), plan.scored_row)
    return f"=IF(SUM({sheet_ref(SHEET_SCORES, f'{first}:{last}')})>0,1,0)"


def _bid_row(sheet: Sheet, index: int, result: BidResult) -> list[Entry | None]:
    plan, get = sheet.plan, sheet.styles.get
    row = plan.price_row(index)
    money = money_format(plan.evaluation.currency)
    bid = plan.bid(result.bid)
    prices = bid.price if bid is not None else None
    amounts = (prices.capex, prices.opex_per_year, prices.maintenance_per_year) if prices else (None, None, None)
    amount = get(fill=INPUT_FILL, border=GRID, number_format=money)
    plain = get(border=GRID)
    valid = f"AND({at(P_PRICE, row)}>0,MIN({at(P_CAPEX, row)}:{at(P_MAINT, row)})>=0)"
    quality = sheet_ref(SHEET_SCORES, at(plan.score_column(index), plan.quality_row))
    cells: list[Entry | None] = [
        text(result.bid, plain),
        text(result.bidder, plain),
        *(number(None if value is None else as_number(value), amount) for value in amounts),
        number(as_number(prices.years) if prices else None, get(fill=INPUT_FILL, border=GRID, number_format="0")),
        formula(f'=IF({RATE}="","",{RATE})', get(border=GRID, number_format="0.00")),
        formula(_price_formula(plan, row), get(font=BOLD, border=GRID, number_format=money)),
        formula(f"=IF(ISNUMBER({at(P_PRICE, row)}),IF({valid},1,0),0)", get(border=GRID, number_format=YES_NO)),
        formula("=" + _summary(at(S_IN, plan.summary_row(index))), get(border=GRID, number_format=YES_NO)),
        formula(f"={quality}", get(border=GRID, number_format=SCORE)),
        *_total_cells(sheet, row),
        *rank_cells(sheet, row, bid),
    ]
    return cells


def _price_formula(plan: Plan, row: int) -> str:
    capex, opex, maint, years = (at(c, row) for c in (P_CAPEX, P_OPEX, P_MAINT, P_YEARS))
    if plan.rubric.price.basis == "capex":
        return f'=IF(ISNUMBER({capex}),{capex},"")'
    yearly = f"({opex}+{maint})"
    rate = f"{at(P_RATE, row)}/100"
    discounted = f"{yearly}*(1-(1+{rate})^(-{years}))/({rate})"
    plain = f"{years}*{yearly}"
    return f'=IF(ISNUMBER({capex}),{capex}+IF(OR({at(P_RATE, row)}="",{at(P_RATE, row)}=0),{plain},{discounted}),"")'


def _total_cells(sheet: Sheet, row: int) -> list[Entry]:
    """S, T and the abnormally-low flag."""
    plan, get = sheet.plan, sheet.styles.get
    listed = at(P_IN, row)
    score = _price_score_formula(plan, row)
    if score is not None:
        cells = [formula(f'=IF({listed}=1,{score},"")', get(border=GRID, number_format="0.0000"))]
    else:
        cells = [text("—", get(border=GRID, alignment=CENTER))]
    total_format = money_format(plan.evaluation.currency) if plan.award_on_value else SCORE
    total = get(font=BOLD, border=GRID, number_format=total_format)
    cells.append(formula(f'=IF({listed}=1,{_total_formula(plan, row)},"")', total))
    price = at(P_PRICE, row)
    low = f"IF(AND({listed}=1,ISNUMBER({price}),ISNUMBER({THRESHOLD})),IF({price}<{THRESHOLD},1,0),0)"
    cells.append(formula(f"={low}", get(border=GRID, number_format=YES_BLANK)))
    return cells


def _cells(plan: Plan, row: int, template: str) -> dict[str, str]:
    """The cell references a formula template of the registry (:mod:`...rubric.award_formulas`) names."""
    cells = {
        "price": at(P_PRICE, row),
        "pbest": PBEST,
        "pmax": PMAX,
        "ratio": PARAMETER,
        "quality": at(P_Q, row),
        "qbest": QBEST,
        "score": at(P_S, row),
        "wq": WQ,
        "wp": WP,
        "scale": f"{as_number(DEFAULT_VFM_SCALE)}",
    }
    if "{value}" in template:  # award on value: the money value of the bid's quality, on Scores
        cells["value"] = sheet_ref(SHEET_SCORES, at(plan.score_column(row - PRICES_TOP), plan.value_row))
    return cells


def _price_score_formula(plan: Plan, row: int) -> str | None:
    template = REGISTRY[plan.formula].workbook_price_score
    return template.format(**_cells(plan, row, template)) if template is not None else None


def _total_formula(plan: Plan, row: int) -> str:
    template = REGISTRY[plan.formula].workbook_total
    return template.format(**_cells(plan, row, template))
