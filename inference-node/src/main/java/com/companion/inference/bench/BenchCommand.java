package com.companion.inference.bench;

/** {@code bench}: measures the serving engine on the shipped checkpoint. */
public final class BenchCommand {
  private BenchCommand() {}

  public static void main(String[] args) throws Exception {
    throw new UnsupportedOperationException("not yet");
  }
}
