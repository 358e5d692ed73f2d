package io.sockwatch.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and spreads. */
final class Stats {
    private Stats() {
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * A distribution-free confidence interval of at least {@code confidence} for the median of what {@code values}
     * sample: the k-th smallest and k-th largest values, k the largest for which the binomial(n, 1/2) tails outside
     * them add up to at most 1 − confidence. Null when there are too few values for that confidence.
     */
    static double[] medianInterval(List<Double> values, double confidence) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        double tail = 0; // P(X < k) for X ~ binomial(n, 1/2)
        int k = 0;
        while (k < n / 2) {
            double next = tail + binomialHalf(n, k);
            if (2 * next > 1 - confidence) {
                break;
            }
            tail = next;
            k++;
        }
        return k == 0 ? null : new double[] {s[k - 1], s[n - k]};
    }

    /** P(X = k) for X ~ binomial(n, 1/2). */
    private static double binomialHalf(int n, int k) {
        double p = Math.pow(0.5, n);
        for (int i = 0; i < k; i++) {
            p = p * (n - i) / (i + 1);
        }
        return p;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
