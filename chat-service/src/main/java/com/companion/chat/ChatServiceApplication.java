package com.companion.chat;

import com.companion.chat.bench.ChatBench;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs the service, or with {@code bench [options]} the chat benchmark against a running platform.
 */
@SpringBootApplication
public class ChatServiceApplication {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "bench".equals(args[0])) {
      System.exit(ChatBench.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(ChatServiceApplication.class, args);
  }
}
