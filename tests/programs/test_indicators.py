"""The met / partly / not met / no data rules, on their edge cases."""

from decimal import Decimal as D

import pytest

from portal.programs.indicators import (
    Measurement,
    indicator_status,
    measurement_status,
    program_status,
)


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "actual", "expected"),
    [
        # Higher is better.
        ("higher", D(50), D(100), D(100), "met"),  # exactly on target
        ("higher", D(50), D(100), D(130), "met"),
        ("higher", D(50), D(100), D(70), "partly"),  # improved on the baseline
        ("higher", D(50), D(100), D(50), "not_met"),  # standing still
        ("higher", D(50), D(100), D(40), "not_met"),  # worse than the baseline
        ("higher", None, D(100), D(99), "not_met"),  # no baseline: no way to see progress
        ("higher", None, D(100), D(100), "met"),
        # Zero baseline.
        ("higher", D(0), D(10), D(0), "not_met"),
        ("higher", D(0), D(10), D(1), "partly"),
        ("higher", D(0), D(0), D(0), "met"),
        # Lower is better: the same values read the other way.
        ("lower", D(25), D(18), D(18), "met"),
        ("lower", D(25), D(18), D(12), "met"),
        ("lower", D(25), D(18), D(21), "partly"),
        ("lower", D(25), D(18), D(25), "not_met"),
        ("lower", D(25), D(18), D(30), "not_met"),
        ("lower", D(0), D(0), D(1), "not_met"),
        # Missing values: nothing to judge.
        ("higher", D(50), None, D(80), "no_data"),
        ("higher", D(50), D(100), None, "no_data"),
        ("lower", None, None, None, "no_data"),
        # Negative values and decimals.
        ("higher", D("-2.5"), D("0.5"), D("-1.25"), "partly"),
    ],
)
def test_measurement_status(direction, baseline, target, actual, expected):
    status = measurement_status(
        direction=direction, baseline=baseline, target=target, actual=actual
    )
    assert status == expected


def test_indicator_uses_its_latest_period_with_both_values():
    measurements = [
        Measurement("2021", D(10), D(12)),  # met, but old
        Measurement("2022-S2", D(20), D(15)),  # the latest judged: partly
        Measurement("2023", D(30), None),  # target only: not yet judged
    ]
    assert indicator_status(direction="higher", baseline=D(10), measurements=measurements) == (
        "partly"
    )
    assert indicator_status(direction="higher", baseline=None, measurements=[]) == "no_data"


def test_periods_order_as_time():
    measurements = [Measurement("2023-Q1", D(5), D(1)), Measurement("2022-12", D(5), D(9))]
    # 2023-Q1 is later than 2022-12, so the indicator is judged on it.
    assert indicator_status(direction="higher", baseline=None, measurements=measurements) == (
        "not_met"
    )


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "no_data"),
        (["no_data", "no_data"], "no_data"),
        (["met", "no_data"], "met"),
        (["met", "met"], "met"),
        (["met", "not_met"], "partly"),
        (["partly"], "partly"),
        (["not_met", "no_data"], "not_met"),
    ],
)
def test_program_status(statuses, expected):
    assert program_status(statuses) == expected
