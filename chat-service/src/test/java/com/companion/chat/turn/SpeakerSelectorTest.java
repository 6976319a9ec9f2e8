package com.companion.chat.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.chat.conversation.Conversation.Participant;
import com.companion.platform.web.PlatformProblem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SpeakerSelectorTest {

  private final Participant ada = new Participant("a", 1, "Ada", 0.9, 0);
  private final Participant bo = new Participant("b", 1, "Bo Lindqvist", 0.1, 1);
  private final Participant cy = new Participant("c", 1, "Cy", 0.0, 2);
  private final List<Participant> group = List.of(ada, bo, cy);
  private final SpeakerSelector selector =
      new SpeakerSelector(RandomGenerator.of("L64X128MixRandom"));

  @Test
  void thePickedCharacterSpeaks() {
    assertThat(selector.choose(group, "hello", "c", null)).isEqualTo(cy);
    assertThatThrownBy(() -> selector.choose(group, "hello", "zz", null))
        .isInstanceOf(PlatformProblem.class);
  }

  @Test
  void theFirstNamedCharacterSpeaksByFullOrFirstName() {
    assertThat(selector.choose(group, "cy, what does bo think?", null, "c")).isEqualTo(cy);
    assertThat(selector.choose(group, "Hey BO LINDQVIST", null, null)).isEqualTo(bo);
    assertThat(selector.choose(group, "a boat and adam", null, null)).isNotEqualTo(null);
    assertThat(SpeakerSelector.firstMentioned(group, "a boat and adam")).isNull();
  }

  @Test
  void otherwiseTalkativenessWeighsTheDrawAndTheLastSpeakerWaits() {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      counts.merge(selector.choose(group, "so...", null, null).characterId(), 1, Integer::sum);
    }
    assertThat(counts.get("a")).isGreaterThan(1500);
    assertThat(counts.getOrDefault("c", 0)).isZero();
    for (int i = 0; i < 100; i++) {
      assertThat(selector.choose(group, "so...", null, "a")).isNotEqualTo(ada);
    }
  }
}
