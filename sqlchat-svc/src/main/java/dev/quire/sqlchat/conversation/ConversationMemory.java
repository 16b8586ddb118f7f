package dev.quire.sqlchat.conversation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.quire.sqlchat.config.SqlChatConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The last questions and answers of each conversation, so a follow-up ("and only in Germany?")
 * is understood. Bounded twice: turns per conversation and conversations kept (least recently
 * used ones are forgotten). In memory of this instance: Kafka keys requests by conversation, so
 * one conversation's turns reach the same instance.
 */
@ApplicationScoped
public class ConversationMemory {

    /** One answered question. */
    public record Turn(String question, String sql) {
    }

    private final int maxTurns;
    private final Map<String, List<Turn>> conversations;

    @Inject
    public ConversationMemory(SqlChatConfig config) {
        this(config.historyTurns(), config.maxConversations());
    }

    public ConversationMemory(int maxTurns, int maxConversations) {
        this.maxTurns = maxTurns;
        this.conversations = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Turn>> eldest) {
                return size() > maxConversations;
            }
        };
    }

    /** Oldest first. */
    public synchronized List<Turn> turns(String conversationId) {
        return List.copyOf(conversations.getOrDefault(conversationId, List.of()));
    }

    public synchronized void remember(String conversationId, Turn turn) {
        List<Turn> turns = new ArrayList<>(conversations.getOrDefault(conversationId, List.of()));
        turns.add(turn);
        while (turns.size() > maxTurns) {
            turns.remove(0);
        }
        conversations.put(conversationId, turns);
    }
}
