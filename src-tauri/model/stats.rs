//! Small numeric helpers shared by readiness, dynamics and trends.

/// Least-squares slope of `y` against `x`. `None` with fewer than two distinct `x`.
/// Callers pass day numbers relative to the window, so the sums stay small and exact.
pub fn slope(points: impl IntoIterator<Item = (i64, i64)>) -> Option<f64> {
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0i64, 0i64, 0i64, 0i64, 0i64);
    for (x, y) in points {
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    let den = n * sxx - sx * sx;
    if den == 0 {
        return None;
    }
    Some((n * sxy - sx * sy) as f64 / den as f64)
}

/// Comparisons of computed slopes allow for floating-point noise (MODEL.md: 1e-9).
pub const TOLERANCE: f64 = 1e-9;

pub fn at_least(value: f64, threshold: f64) -> bool {
    value >= threshold - TOLERANCE
}

pub fn at_most(value: f64, threshold: f64) -> bool {
    value <= threshold + TOLERANCE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_line_and_of_too_few_points() {
        assert_eq!(slope([(0, 0), (1, 1), (2, 2), (3, 3)]), Some(1.0));
        assert_eq!(slope([(0, 3), (2, -1)]), Some(-2.0));
        assert_eq!(slope([(4, 1)]), None);
        assert_eq!(slope([(4, 1), (4, 2)]), None);
        assert_eq!(slope(std::iter::empty()), None);
        let flat = slope([(0, 1), (1, 1), (5, 1)]).unwrap();
        assert_eq!(flat, 0.0);
    }

    #[test]
    fn tolerance_is_applied_both_ways() {
        assert!(at_least(0.3 - 1e-10, 0.3));
        assert!(!at_least(0.3 - 1e-8, 0.3));
        assert!(at_most(-0.3 + 1e-10, -0.3));
        assert!(!at_most(-0.3 + 1e-8, -0.3));
    }
}
