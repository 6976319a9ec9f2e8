package com.companion.inference.engine;

/**
 * A running generation. Tokens and the completion arrive on the {@link Listener} from the engine's
 * thread (keep the callbacks short); {@link #cancel()} frees the sequence's slot at the next step.
 */
public interface TokenStream {

  /** Receives a generation's output. */
  interface Listener {
    void onToken(TokenEvent token);

    void onComplete(Completion completion);
  }

  void cancel();

  int promptTokens();
}
