package com.companion.safety.classifier;

/** Class probabilities of one message; they sum to 1. */
public record ClassifierScores(double neither, double offensive, double hate) {

  /** Probability that the message is offensive in any way (offensive or hateful). */
  public double abusive() {
    return offensive + hate;
  }

  /** 0 neither, 1 offensive, 2 hate (the Davidson classes). */
  public int argmax() {
    if (hate >= offensive && hate >= neither) {
      return 2;
    }
    return offensive >= neither ? 1 : 0;
  }
}
