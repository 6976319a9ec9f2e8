package com.companion.chat.bench;

/** Placeholder replaced below. */
public final class ChatBench {
  private ChatBench() {}

  public static int run(String[] args) {
    return 0;
  }
}
