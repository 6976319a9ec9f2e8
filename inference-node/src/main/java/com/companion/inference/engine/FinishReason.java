package com.companion.inference.engine;

import java.util.Locale;

/** Why a generation ended, with the wire names of the API. */
public enum FinishReason {
  STOP,
  LENGTH,
  CANCELLED,
  ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
