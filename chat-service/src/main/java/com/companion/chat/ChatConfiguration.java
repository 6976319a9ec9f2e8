package com.companion.chat;

import com.companion.chat.account.AccountDeletionIntake;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.conversation.Conversations;
import com.companion.chat.conversation.HistoryCache;
import com.companion.chat.feedback.RatingService;
import com.companion.chat.guardian.ChatPolicies;
import com.companion.chat.guardian.GuardianGate;
import com.companion.chat.internal.RedisCache;
import com.companion.chat.memory.MemoryService;
import com.companion.chat.memory.RollingSummarizer;
import com.companion.chat.model.ModelClient;
import com.companion.chat.prompt.ModelTokenizer;
import com.companion.chat.prompt.PromptAssembler;
import com.companion.chat.safety.ContentSafety;
import com.companion.chat.safety.StreamModerator;
import com.companion.chat.turn.RunningTurns;
import com.companion.platform.events.KafkaEventLoop;
import com.companion.platform.outbox.Outbox;
import com.companion.platform.web.LazyConnectionGuard;
import io.lettuce.core.ClientOptions;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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

  /**
   * The JSON of the neighbours' wire formats, of stored outcomes and of cached history: snake_case.
   * Shared with the features' own configurations.
   */
  public static final JsonMapper WIRE_JSON =
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
      ObjectProvider<ReactiveStringRedisTemplate> redis,
      ObjectProvider<LazyConnectionGuard> connection,
      ChatProperties properties) {
    return new RedisCache(
        redis.getIfAvailable(),
        connection.getIfAvailable(LazyConnectionGuard::new),
        properties.cache().timeout(),
        properties.cache().enabled());
  }

  @Bean
  CharacterCatalog characterCatalog(
      WebClient.Builder clients, ChatProperties properties, RedisCache redis) {
    return CharacterCatalog.overHttp(
        clients.clone().baseUrl(properties.characterServiceUrl().toString()).build(),
        WIRE_JSON,
        properties.requestTimeout(),
        redis,
        properties.cache().characterTtl(),
        properties.cache().characterMemoryChars());
  }

  @Bean
  ModelClient modelClient(WebClient.Builder clients, ChatProperties properties) {
    return ModelClient.overHttp(
        clients.clone().baseUrl(properties.modelGatewayUrl().toString()).build(),
        WIRE_JSON,
        properties.firstTokenTimeout(),
        properties.streamIdleTimeout());
  }

  @Bean
  ContentSafety contentSafety(WebClient.Builder clients, ChatProperties properties, Clock clock) {
    if (properties.safetyFilterUrl() == null || properties.safetyFilterUrl().isBlank()) {
      return ContentSafety.unchecked();
    }
    WebClient safetyFilter = clients.clone().baseUrl(properties.safetyFilterUrl()).build();
    ContentSafety remote =
        ContentSafety.overHttp(
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
    return ContentSafety.inProcess(
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
  MemoryService memoryService(
      DataSource dataSource, Conversations conversations, ChatProperties properties, Clock clock) {
    return new MemoryService(
        JdbcClient.create(dataSource), conversations, properties.memory(), clock);
  }

  @Bean
  RollingSummarizer rollingSummarizer(
      Conversations conversations, ModelClient model, ChatProperties properties, Clock clock) {
    return new RollingSummarizer(conversations, model, properties, clock);
  }

  @Bean
  RatingService ratingService(
      DataSource dataSource,
      Conversations conversations,
      TransactionTemplate chatTransactions,
      Outbox outbox,
      Clock clock) {
    return new RatingService(
        JdbcClient.create(dataSource), conversations, chatTransactions, outbox, clock);
  }

  @Bean
  ChatPolicies chatPolicies(WebClient.Builder clients, ChatProperties properties) {
    return ChatPolicies.overHttp(
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
      RunningTurns runningTurns,
      Clock clock) {
    return new AccountDeletionIntake(dataSource, history, chatTransactions, runningTurns, clock);
  }

  /** The consumer of {@code account.deleted}; off with {@code chat.account-deletions.consume}. */
  @Bean
  KafkaEventLoop accountDeletionConsumer(
      AccountDeletionIntake intake,
      ChatProperties properties,
      @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
    return intake.consumer(bootstrapServers, properties.accountDeletions());
  }
}
