package com.companion.chat.safety.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.chat.safety.ModerationVerdict;
import com.companion.chat.safety.ReplyModeration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading safety-filter's answers. */
class SafetyWireTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void moderationVerdicts() {
    ModerationVerdict blocked =
        HttpContentSafety.verdict(
            json.readTree(
                "{\"id\":\"m\",\"results\":[{\"flagged\":true,\"categories\":{\"violence\":true,"
                    + "\"sexual\":false},\"category_scores\":{}}],\"action\":\"block\"}"));
    assertThat(blocked.action()).isEqualTo(ModerationVerdict.Action.BLOCK);
    assertThat(blocked.categories()).containsExactly("violence");
    ModerationVerdict perResult =
        HttpContentSafety.verdict(
            json.readTree("{\"results\":[{\"flagged\":true,\"action\":\"flag_for_review\"}]}"));
    assertThat(perResult.action()).isEqualTo(ModerationVerdict.Action.FLAG_FOR_REVIEW);
    assertThat(
            HttpContentSafety.verdict(json.readTree("{\"results\":[{\"flagged\":false}]}"))
                .action())
        .isEqualTo(ModerationVerdict.Action.ALLOW);
  }

  @Test
  void streamSessionAnswers() {
    ReplyModeration.Release release =
        SessionReplyModeration.release(
            json.readTree(
                "{\"released\":\"Hello \",\"action\":\"allow\",\"categories\":[],"
                    + "\"stopped\":false,\"held_back\":3}"));
    assertThat(release.text()).isEqualTo("Hello ");
    assertThat(release.stopped()).isFalse();
    ReplyModeration.Release stopped =
        SessionReplyModeration.release(
            json.readTree(
                "{\"released\":\"\",\"action\":\"BLOCK\",\"categories\":[\"violence\"],"
                    + "\"stopped\":true,\"replacement\":\"[hidden]\",\"held_back\":0}"));
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.verdict().action()).isEqualTo(ModerationVerdict.Action.BLOCK);
    assertThat(stopped.replacement()).isEqualTo("[hidden]");
  }
}
