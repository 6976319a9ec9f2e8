package com.companion.chat.turn;

import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.SafetyPolicy;

/**
 * What the input check found in the user's text.
 *
 * @param verdict safety-filter's verdict; null when the turn has no user text
 * @param care how the reply answers a message that signals self-harm
 */
record Screening(ModerationVerdict verdict, SafetyPolicy.Care care) {

  /** A regenerated reply: no new text to check. */
  static final Screening NONE = new Screening(null, SafetyPolicy.Care.NONE);
}
