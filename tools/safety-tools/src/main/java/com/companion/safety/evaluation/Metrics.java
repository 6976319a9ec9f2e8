package com.companion.safety.evaluation;

import java.util.Locale;

/** Confusion counts over classes 0..k-1 with the derived figures. */
public final class Metrics {

  private final long[][] confusion; // [truth][predicted]

  public Metrics(int classes) {
    confusion = new long[classes][classes];
  }

  public void add(int truth, int predicted) {
    confusion[truth][predicted]++;
  }

  public long total() {
    long t = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        t += v;
      }
    }
    return t;
  }

  public double accuracy() {
    long ok = 0;
    for (int i = 0; i < confusion.length; i++) {
      ok += confusion[i][i];
    }
    return ratio(ok, total());
  }

  public double precision(int c) {
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[c];
    }
    return ratio(confusion[c][c], predicted);
  }

  public double recall(int c) {
    long truth = 0;
    for (long v : confusion[c]) {
      truth += v;
    }
    return ratio(confusion[c][c], truth);
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double macroF1() {
    double s = 0;
    for (int c = 0; c < confusion.length; c++) {
      s += f1(c);
    }
    return s / confusion.length;
  }

  public long count(int truth, int predicted) {
    return confusion[truth][predicted];
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  public static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
