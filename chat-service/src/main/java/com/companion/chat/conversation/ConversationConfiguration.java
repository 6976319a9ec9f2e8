package com.companion.chat.conversation;

import com.companion.chat.ChatConfiguration;
import com.companion.chat.ChatProperties;
import com.companion.chat.catalog.CharacterCatalog;
import com.companion.chat.conversation.internal.ConversationStore;
import com.companion.chat.internal.RedisCache;
import com.companion.platform.outbox.Outbox;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the conversation feature; other features get {@link Conversations}. */
@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

  @Bean
  ConversationStore conversationStore(DataSource dataSource) {
    return new ConversationStore(JdbcClient.create(dataSource), ChatConfiguration.WIRE_JSON);
  }

  @Bean
  HistoryCache historyCache(RedisCache redis, ConversationStore store, ChatProperties properties) {
    return new HistoryCache(
        redis,
        store,
        ChatConfiguration.WIRE_JSON,
        properties.cache().historyMessages(),
        properties.cache().historyTtl());
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
  Conversations conversations(
      ConversationService service, ConversationStore store, HistoryCache history) {
    return new Conversations(service, store, history);
  }
}
