package com.companion.chat;

import com.companion.chat.account.AccountDeletionIntake;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.catalog.internal.HttpCharacterCatalog;
import com.companion.chat.conversation.ConversationService;
import com.companion.chat.conversation.HistoryCache;
import com.companion.chat.conversation.internal.ConversationStore;
import com.companion.chat.feedback.RatingService;
import com.companion.chat.guardian.ChatPolicies;
import com.companion.chat.guardian.GuardianGate;
import com.companion.chat.guardian.internal.HttpChatPolicies;
import com.companion.chat.internal.RedisCache;
import com.companion.chat.memory.MemoryService;
import com.companion.chat.memory.RollingSummarizer;
import com.companion.chat.model.ModelClient;
import com.companion.chat.model.internal.HttpModelClient;
import com.companion.chat.prompt.ModelTokenizer;
import com.companion.chat.prompt.PromptAssembler;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.StreamModerator;
import com.companion.chat.safety.internal.HttpContentSafety;
import com.companion.chat.safety.internal.LocalContentSafety;
import com.companion.chat.safety.internal.UncheckedContentSafety;
import com.companion.chat.turn.RestReminders;
import com.companion.chat.turn.SpeakerSelector;
import com.companion.chat.turn.TurnService;
import com.companion.chat.turn.internal.ExpiredKeyPurge;
import com.companion.chat.turn.internal.IdempotencyStore;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.outbox.Outbox;
import io.lettuce.core.ClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Wires chat-service's features and its clients of the neighbouring services. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
public class ChatConfiguration {

  /** The JSON of the neighbours' wire formats and of stored outcomes: snake_case. */
  private static final JsonMapper WIRE_JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /**
   * Redis commands fail at once while the connection is down instead of queueing until it is back:
   * the caches then count a miss and the request goes on without them.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer failFastWhenRedisIsDown() {
    return builder ->
        builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  @Bean
  WebClient.Builder neighbourClients() {
    ConnectionProvider pool =
        ConnectionProvider.builder("chat-neighbours")
            .maxConnections(1000)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    return WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024));
  }

  @Bean
  TransactionTemplate chatTransactions(DataSource dataSource) {
    return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @Bean
  RedisCache redisCache(
      ObjectProvider<ReactiveStringRedisTemplate> redis, ChatProperties properties) {
    return new RedisCache(
        redis.getIfAvailable(), properties.cache().timeout(), properties.cache().enabled());
  }

  @Bean
  ConversationStore conversationStore(DataSource dataSource) {
    return new ConversationStore(JdbcClient.create(dataSource), WIRE_JSON);
  }

  @Bean
  HistoryCache historyCache(RedisCache redis, ConversationStore store, ChatProperties properties) {
    return new HistoryCache(
        redis,
        store,
        WIRE_JSON,
        properties.cache().historyMessages(),
        properties.cache().historyTtl());
  }

  @Bean
  CharacterCatalog characterCatalog(
      WebClient.Builder clients, ChatProperties properties, RedisCache redis) {
    return new HttpCharacterCatalog(
        clients.clone().baseUrl(properties.characterServiceUrl().toString()).build(),
        WIRE_JSON,
        properties.requestTimeout(),
        redis,
        properties.cache().characterTtl());
  }

  @Bean
  ModelClient modelClient(WebClient.Builder clients, ChatProperties properties) {
    return new HttpModelClient(
        clients.clone().baseUrl(properties.modelGatewayUrl().toString()).build(),
        WIRE_JSON,
        properties.firstTokenTimeout(),
        properties.streamIdleTimeout());
  }

  @Bean
  ContentSafety contentSafety(WebClient.Builder clients, ChatProperties properties, Clock clock) {
    if (properties.safetyFilterUrl() == null || properties.safetyFilterUrl().isBlank()) {
      return new UncheckedContentSafety();
    }
    WebClient safetyFilter = clients.clone().baseUrl(properties.safetyFilterUrl()).build();
    ContentSafety remote =
        new HttpContentSafety(
            safetyFilter,
            WIRE_JSON,
            properties.requestTimeout(),
            properties.safety().streamingSessions(),
            properties.safety().checkEveryChars(),
            properties.safety().maxCheckedChars());
    ChatProperties.Safety safety = properties.safety();
    if (!safety.inProcess() || safety.serviceKey() == null || safety.serviceKey().isBlank()) {
      return remote;
    }
    return LocalContentSafety.following(
        safetyFilter,
        safety.serviceKey(),
        safety.snapshotPoll(),
        properties.requestTimeout(),
        safety.maxStaleness(),
        clock,
        remote);
  }

  @Bean
  StreamModerator streamModerator(ChatProperties properties) {
    return new StreamModerator();
  }

  @Bean
  ModelTokenizer modelTokenizer(ChatProperties properties) {
    return ModelTokenizer.load(properties.tokenizerPath(), properties.contextTokens());
  }

  @Bean
  PromptAssembler promptAssembler(ModelTokenizer tokenizer, ChatProperties properties) {
    return new PromptAssembler(tokenizer.counter(), properties.prompt());
  }

  @Bean
  ConversationService conversationService(
      ConversationStore store,
      CharacterCatalog catalog,
      HistoryCache history,
      TransactionTemplate chatTransactions,
      Outbox outbox,
      ChatProperties properties,
      Clock clock) {
    return new ConversationService(
        store, catalog, history, chatTransactions, outbox, properties, clock);
  }

  @Bean
  MemoryService memoryService(
      DataSource dataSource,
      ConversationService conversations,
      ConversationStore store,
      ChatProperties properties,
      Clock clock) {
    return new MemoryService(
        JdbcClient.create(dataSource), conversations, store, properties.memory(), clock);
  }

  @Bean
  RollingSummarizer rollingSummarizer(
      ConversationStore store, ModelClient model, ChatProperties properties, Clock clock) {
    return new RollingSummarizer(store, model, properties, clock);
  }

  @Bean
  RatingService ratingService(
      DataSource dataSource,
      ConversationService conversations,
      ConversationStore store,
      TransactionTemplate chatTransactions,
      Outbox outbox,
      Clock clock) {
    return new RatingService(
        JdbcClient.create(dataSource), conversations, store, chatTransactions, outbox, clock);
  }

  @Bean
  ChatPolicies chatPolicies(WebClient.Builder clients, ChatProperties properties) {
    return new HttpChatPolicies(
        clients.clone().baseUrl(properties.identity().url().toString()).build(),
        WIRE_JSON,
        properties.requestTimeout());
  }

  @Bean
  GuardianGate guardianGate(ChatPolicies policies, ChatProperties properties, Clock clock) {
    ChatProperties.Identity identity = properties.identity();
    return new GuardianGate(policies, clock, identity.policyTtl(), identity.retryAfter());
  }

  @Bean
  AccountDeletionIntake accountDeletionIntake(
      DataSource dataSource,
      HistoryCache history,
      TransactionTemplate chatTransactions,
      Clock clock) {
    return new AccountDeletionIntake(dataSource, history, chatTransactions, clock);
  }

  /** The consumer of {@code account.deleted}; off with {@code chat.account-deletions.consume}. */
  @Bean
  @ConditionalOnProperty(
      name = "chat.account-deletions.consume",
      havingValue = "true",
      matchIfMissing = true)
  KafkaEventLoop accountDeletionConsumer(
      AccountDeletionIntake intake,
      ChatProperties properties,
      @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
    ChatProperties.AccountDeletions settings = properties.accountDeletions();
    return intake.consumer(
        bootstrapServers, settings.topic(), settings.groupId(), settings.retryBackoff());
  }

  @Bean
  RandomGenerator speakerRandom() {
    return RandomGenerator.of("L64X128MixRandom");
  }

  @Bean
  IdempotencyStore idempotencyStore(DataSource dataSource, TransactionTemplate chatTransactions) {
    return new IdempotencyStore(JdbcClient.create(dataSource), chatTransactions);
  }

  @Bean
  ExpiredKeyPurge expiredKeyPurge(IdempotencyStore keys, Clock clock) {
    return new ExpiredKeyPurge(keys, clock, Duration.ofHours(1));
  }

  @Bean
  TurnService turnService(
      ConversationService conversations,
      ConversationStore store,
      CharacterCatalog catalog,
      HistoryCache history,
      MemoryService memories,
      PromptAssembler assembler,
      ModelTokenizer tokenizer,
      ModelClient model,
      ContentSafety safety,
      StreamModerator moderator,
      DataSource dataSource,
      IdempotencyStore idempotencyStore,
      TransactionTemplate chatTransactions,
      RandomGenerator speakerRandom,
      RollingSummarizer summarizer,
      GuardianGate guardianGate,
      Outbox outbox,
      ChatProperties properties,
      Clock clock) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    return new TurnService(
        conversations,
        store,
        catalog,
        history,
        memories,
        assembler,
        tokenizer,
        model,
        safety,
        moderator,
        idempotencyStore,
        new RestReminders(jdbc, properties.minors(), clock),
        new SpeakerSelector(speakerRandom),
        summarizer,
        guardianGate,
        chatTransactions,
        outbox,
        properties,
        clock,
        WIRE_JSON);
  }
}
