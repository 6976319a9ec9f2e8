package com.companion.gateway;

import io.netty.channel.ChannelOption;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Server settings for token streaming. */
@Configuration(proxyBeanMethods = false)
class StreamingServerConfiguration {

  /**
   * Every token is a small write followed by a flush; with Nagle's algorithm on, a small segment
   * waits for the client's (delayed) ACK of the previous one, adding tens of milliseconds.
   */
  @Bean
  NettyServerCustomizer noDelayForTokenStreams() {
    return server -> server.childOption(ChannelOption.TCP_NODELAY, true);
  }
}
