package com.companion.chat.turn;

import com.companion.chat.ChatConfiguration;
import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.conversation.Conversations;
import com.companion.chat.guardian.GuardianGate;
import com.companion.chat.memory.MemoryService;
import com.companion.chat.memory.RollingSummarizer;
import com.companion.chat.model.ModelClient;
import com.companion.chat.prompt.ModelTokenizer;
import com.companion.chat.prompt.PromptAssembler;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.StreamModerator;
import com.companion.chat.turn.internal.ExpiredKeyPurge;
import com.companion.chat.turn.internal.IdempotencyStore;
import com.companion.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the turn's stages into {@link TurnService}. */
@Configuration(proxyBeanMethods = false)
class TurnConfiguration {

  @Bean
  IdempotencyStore idempotencyStore(DataSource dataSource, TransactionTemplate chatTransactions) {
    return new IdempotencyStore(JdbcClient.create(dataSource), chatTransactions);
  }

  @Bean
  ExpiredKeyPurge expiredKeyPurge(IdempotencyStore keys, Clock clock) {
    return new ExpiredKeyPurge(keys, clock, Duration.ofHours(1));
  }

  @Bean
  RandomGenerator speakerRandom() {
    return RandomGenerator.of("L64X128MixRandom");
  }

  @Bean
  TurnClaim turnClaim(
      IdempotencyStore keys,
      Conversations conversations,
      TransactionTemplate chatTransactions,
      ChatProperties properties,
      Clock clock) {
    return new TurnClaim(
        keys, conversations, chatTransactions, properties, clock, ChatConfiguration.WIRE_JSON);
  }

  @Bean
  TurnRecorder turnRecorder(
      Conversations conversations,
      TurnClaim claims,
      RollingSummarizer summarizer,
      ModelTokenizer tokenizer,
      TransactionTemplate chatTransactions,
      Outbox outbox,
      Clock clock,
      MeterRegistry meters) {
    return new TurnRecorder(
        conversations,
        claims,
        summarizer,
        tokenizer.counter(),
        chatTransactions,
        outbox,
        clock,
        meters);
  }

  @Bean
  InputCheck inputCheck(
      GuardianGate guardians,
      ContentSafety safety,
      TurnRecorder recorder,
      ChatProperties properties) {
    return new InputCheck(guardians, safety, recorder, properties.safety().blockedInputText());
  }

  @Bean
  TurnPrompt turnPrompt(
      Conversations conversations,
      RandomGenerator speakerRandom,
      CharacterCatalog catalog,
      MemoryService memories,
      DataSource dataSource,
      PromptAssembler assembler,
      ModelTokenizer tokenizer,
      ChatProperties properties,
      Clock clock) {
    return new TurnPrompt(
        conversations,
        new SpeakerSelector(speakerRandom),
        catalog,
        memories,
        new RestReminders(JdbcClient.create(dataSource), properties.minors(), clock),
        assembler,
        tokenizer,
        properties);
  }

  @Bean
  ReplyStream replyStream(
      ModelClient model,
      ContentSafety safety,
      StreamModerator moderator,
      ChatProperties properties) {
    return new ReplyStream(model, safety, moderator, properties);
  }

  @Bean
  TurnAdmission turnAdmission(ChatProperties properties, Clock clock, MeterRegistry meters) {
    return new TurnAdmission(
        properties.admission().maxTurnsInFlight(),
        properties.admission().maxWaiting(),
        properties.admission().maxWait(),
        properties.admission().retryAfter(),
        properties.turnLease(),
        clock,
        meters);
  }

  @Bean
  RunningTurns runningTurns() {
    return new RunningTurns();
  }

  @Bean
  TurnService turnService(
      TurnAdmission admission,
      Conversations conversations,
      TurnClaim claims,
      InputCheck inputs,
      TurnPrompt prompts,
      ReplyStream replies,
      TurnRecorder recorder,
      RunningTurns running,
      ChatProperties properties,
      MeterRegistry meters) {
    return new TurnService(
        admission,
        conversations,
        claims,
        inputs,
        prompts,
        replies,
        recorder,
        running,
        new StartDeadline(properties.admission().startDeadline(), meters),
        properties.maxMessageChars());
  }
}
