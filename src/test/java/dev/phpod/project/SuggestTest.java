package dev.phpod.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SuggestTest {
    @Test
    void aSwapIsOneEditAndTheAnswerDoesNotDependOnOrder() {
        assertEquals(1, Suggest.distance("nmae", "name"));
        for (List<String> order : List.of(List.of("name", "image"), List.of("image", "name"))) {
            assertEquals(Optional.of("name"), Suggest.closest("nmae", order));
        }
        assertEquals(Optional.of("replicas"), Suggest.closest("replica", Set.of("name", "namespace", "replicas", "size")));
        assertEquals(Optional.empty(), Suggest.closest("frobnicate", Set.of("name", "image")));
    }
}
