"""XmR charts against the test vectors of NHSRplotthedots (nhs-r-community/NHSRplotthedots, commit 050b07d):
tests/testthat/test-ptd_calculate_point_type.R, test-ptd_calculate_assurance_type.R, test-ptd_spc_standard.R
and the limits in tests/testthat/_snaps/ptd_spc_standard.md and _snaps/ptd_spc.md."""

import numpy as np
import pytest

from analytics.local.spc import (
    assurance_type,
    part_of_seven_trend,
    part_of_two_in_three,
    seven_point_one_side_mean,
    seven_point_trend,
    two_in_three,
    xmr,
)

# R: set.seed(123); rnorm(20) -- the data of test-ptd_spc_standard.R and test-ptd_spc.R
RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
             -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
             0.49785048, -1.96661716, 0.70135590, -0.47279140]


def test_limits_as_in_the_ptd_spc_standard_snapshot():
    chart = xmr(RNORM_123)
    assert (chart.mean, chart.lpl, chart.upl) == (pytest.approx(0.1416238), pytest.approx(-3.01138, abs=5e-6),
                                                  pytest.approx(3.294627))
    assert chart.points.relative_to_mean.tolist()[:15] == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    assert not chart.points.outside_limits.any()
    assert (chart.variation, chart.trial, chart.n) == ("common_cause", False, 20)


def test_outlier_screening_as_in_the_snapshot():
    y = list(RNORM_123)
    y[14] = 10  # data$y[15] <- 10
    screened, unscreened = xmr(y), xmr(y, screen_outliers=False)
    assert (screened.mean, screened.lpl, screened.upl) == (
        pytest.approx(0.6694159), pytest.approx(-2.383666), pytest.approx(3.722497))
    assert (unscreened.lpl, unscreened.upl) == (pytest.approx(-4.596625), pytest.approx(5.935457))
    assert unscreened.points.relative_to_mean.tolist()[:14] == [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]


def test_each_facet_of_ten_as_in_the_summary_snapshot():
    first, second = xmr(RNORM_123[:10]), xmr(RNORM_123[10:])
    assert (round(first.mean, 4), round(first.lpl, 2), round(first.upl, 2)) == (0.0746, -2.60, 2.75)
    assert (round(second.mean, 3), round(second.lpl, 2), round(second.upl, 2)) == (0.209, -3.28, 3.70)
    assert first.trial and second.trial  # under 13 points: trial limits


def test_fixing_limits_after_n_points_changes_them():
    fixed = xmr(RNORM_123, fix_after_n_points=12)
    assert fixed.lpl != xmr(RNORM_123).lpl
    assert fixed.mean == pytest.approx(np.mean(RNORM_123[:12]))


def test_two_of_three_close_points_on_opposite_sides_are_common_cause():
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    assert xmr(data).points.point_type.tolist()[-2:] == ["common_cause", "common_cause"]


def test_seven_point_one_side_mean():
    assert seven_point_one_side_mean([]).tolist() == []
    assert seven_point_one_side_mean([1] * 6).tolist() == [0] * 6
    assert seven_point_one_side_mean([1] * 6 + [-1]).tolist() == [0] * 7
    assert seven_point_one_side_mean([1] * 8 + [-1]).tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert seven_point_one_side_mean([-1] * 8 + [1]).tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 0]


def test_part_of_seven_trend():
    assert part_of_seven_trend([]).tolist() == []
    assert part_of_seven_trend([0] * 6).tolist() == [0] * 6
    assert part_of_seven_trend([0] * 6 + [1, 0]).tolist() == [1] * 7 + [0]
    assert part_of_seven_trend([0] * 7 + [1, 0]).tolist() == [0] + [1] * 7 + [0]
    assert part_of_seven_trend([0] * 6 + [-1, 0]).tolist() == [1] * 7 + [0]
    assert part_of_seven_trend([0] * 7 + [-1, 0]).tolist() == [0] + [1] * 7 + [0]


def test_seven_point_trend():
    assert seven_point_trend([]).tolist() == []
    assert seven_point_trend(range(1, 7)).tolist() == [0] * 6
    assert seven_point_trend([1, 2, 3, 3, 4, 5, 6]).tolist() == [0] * 7
    assert seven_point_trend(range(1, 8)).tolist() == [0, 0, 0, 0, 0, 0, 1]
    assert seven_point_trend([2, *range(1, 8), 3]).tolist() == [0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert seven_point_trend(range(7, 0, -1)).tolist() == [0, 0, 0, 0, 0, 0, -1]
    assert seven_point_trend([2, *range(7, 0, -1), 3]).tolist() == [0, 0, 0, 0, 0, 0, 0, -1, 0]


def test_two_in_three():
    assert two_in_three([], []).tolist() == []
    assert two_in_three([0, 0, 0], [0]).tolist() == [0, 0, 0]
    for close in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert two_in_three(close, [1, 1, 1]).tolist() == [1, 1, 1]
        assert two_in_three(close, [1, -1, 1]).tolist() == [0, 0, 0]
    assert two_in_three([0, 0, 1, 0, 1, 0, 0], [1] * 7).tolist() == [0, 0, 1, 1, 1, 0, 0]
    assert two_in_three([0, 0, 1, 1, 0, 0, 0], [1] * 7).tolist() == [0, 1, 1, 1, 1, 0, 0]
    assert two_in_three([0, 0, 1, 0, 1, 0, 0], [1, -1] * 3 + [1]).tolist() == [0] * 7
    assert two_in_three([0, 0, 1, 1, 0, 0, 0], [-1, 1] * 3 + [-1]).tolist() == [0] * 7


@pytest.mark.parametrize(("close", "relative", "expected"), [
    ([1, 0, 1], [1, 1, 1], [1, 0, 1]), ([0, 1, 1], [1, 1, 1], [0, 1, 1]), ([1, 1, 0], [1, 1, 1], [1, 1, 0]),
    ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]), ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
    ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
])
def test_part_of_two_in_three(close, relative, expected):
    assert part_of_two_in_three(two_in_three(close, relative), close).tolist() == expected


@pytest.mark.parametrize(("improvement", "expected"), [
    ("increase", ["consistent_fail", "consistent_pass", "inconsistent"]),
    ("decrease", ["consistent_pass", "consistent_fail", "inconsistent"]),
    ("neutral", [None, None, None]),
])
def test_assurance(improvement, expected):
    # lpl c(1, 5, 1), upl c(3, 7, 5), target 4
    got = [assurance_type(4, lpl, upl, improvement) for lpl, upl in ((1, 3), (5, 7), (1, 5))]
    assert got == expected
    assert assurance_type(None, 1, 3, improvement) is None


def test_special_cause_types_and_variation_icon():
    # mean 258/21 = 12.2857; moving ranges sum 36 over 20, the 13 (17 to 30) is over 3.267 x 1.8 and screened:
    # 23/19 = 1.2105, so the upper limit is 12.2857 + 2.66 x 1.2105 = 15.506. From the 10 at index 12 the
    # figures rise 8 times running: a trend, except 16, 17 and 30, which are above the limit (that rule wins).
    y = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11] + [12, 13, 14, 15, 16, 17, 30]
    up = xmr(y, improvement="increase")
    assert up.upl == pytest.approx(12.2857 + 2.66 * 23 / 19, abs=1e-4)
    assert up.points.special_cause_type.tolist()[12:] == ["7 Point Trend (Increasing)"] * 6 + ["Above UCL"] * 3
    # before that every figure is below the mean: a run, with each 9 below the lower limit 12.2857 - 3.22 = 9.066
    assert up.points.special_cause_type.tolist()[:12] == ["7 Points Below CL", "7 Points Below CL", "Below LCL"] * 4
    assert up.variation == "special_cause_improvement"
    assert xmr(y, improvement="decrease").variation == "special_cause_concern"
    assert xmr(y, improvement="neutral").variation == "special_cause_neutral_high"
