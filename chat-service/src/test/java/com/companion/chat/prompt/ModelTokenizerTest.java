package com.companion.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.companion.chat.model.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelTokenizerTest {

  /** The checkpoint the inference node serves, when it has been trained on this machine. */
  private static final Path CHECKPOINT_TOKENIZER =
      Path.of("../inference-node/model/tokenizer.json");

  @Test
  void withoutTheFileBudgetsAreEstimated() {
    ModelTokenizer tokenizer = ModelTokenizer.load(Path.of("target/none/tokenizer.json"), 777);
    assertThat(tokenizer.counter().exact()).isFalse();
    assertThat(tokenizer.contextTokens()).isEqualTo(777);
    assertThat(tokenizer.counter().count("abcdef")).isEqualTo(6);
    assertThat(tokenizer.counter().count("<|user|>hi<|end|>")).isEqualTo(1 + 2 + 1);
    assertThat(tokenizer.counter().count("月")).isEqualTo(3);
  }

  @Test
  void theEstimateNeverCountsFewerTokensThanTheCheckpointsTokenizer() {
    assumeTrue(Files.exists(CHECKPOINT_TOKENIZER), "no trained checkpoint on this machine");
    TokenCounter exact = ModelTokenizer.load(CHECKPOINT_TOKENIZER, 512).counter();
    TokenCounter estimate =
        ModelTokenizer.load(Path.of("target/none/tokenizer.json"), 512).counter();
    for (String text :
        java.util.List.of(
            "ROMEO: But, soft! what light through yonder window breaks?",
            "zzzz qqqq xxxx 0x7f3a9c 1234567890 ~~~ ###",
            "月が綺麗ですね。你好，我是朱丽叶。",
            "emoji 🙂🙃 and accents: café naïve",
            PromptFormat.render(ChatMessage.user("Wherefore art thou?", "Romeo")))) {
      assertThat(estimate.count(text)).as(text).isGreaterThanOrEqualTo(exact.count(text));
    }
  }

  @Test
  void theCheckpointsTokenizerCountsRoleMarkersAsSingleTokensAndMessagesAddUp() {
    assumeTrue(Files.exists(CHECKPOINT_TOKENIZER), "no trained checkpoint on this machine");
    ModelTokenizer tokenizer = ModelTokenizer.load(CHECKPOINT_TOKENIZER, 512);
    TokenCounter counter = tokenizer.counter();

    assertThat(counter.exact()).isTrue();
    assertThat(counter.count("<|user|>")).isEqualTo(1);
    assertThat(counter.count("<|character|>")).isEqualTo(1);
    String a = PromptFormat.render(ChatMessage.system("You are Juliet of Verona."));
    String b = PromptFormat.render(ChatMessage.user("Wherefore art thou?", "Romeo"));
    String c = PromptFormat.render(ChatMessage.assistant("O, speak again, bright angel!"));
    assertThat(counter.count(a + b + c + PromptFormat.GENERATION_PROMPT))
        .isEqualTo(
            counter.count(a)
                + counter.count(b)
                + counter.count(c)
                + counter.count(PromptFormat.GENERATION_PROMPT));
    if (Files.exists(CHECKPOINT_TOKENIZER.resolveSibling("config.json"))) {
      assertThat(tokenizer.contextTokens()).isPositive();
    }
  }
}
