package io.videor1.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videor1.model.TinyCheckpoints;
import io.videor1.reward.ProblemType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptAndTokenizerTest {
  @TempDir Path tmp;

  @Test
  void multipleChoiceQuestionMatchesTheSpecExample() {
    String text = PromptTemplates.userText("What does the man do after opening the door?",
        ProblemType.MULTIPLE_CHOICE, List.of("A. sits down", "B. leaves"), PromptTemplates.Variant.TRAIN);
    String expected = "What does the man do after opening the door?Options:\nA. sits down\nB. leaves\n\nPlease think "
        + "about this question as if you were a human pondering deeply. Engage in an internal dialogue using "
        + "expressions such as 'let me think', 'wait', 'Hmm', 'oh, I see', 'let's break it down', etc, or other "
        + "natural language thought expressions It's encouraged to include self-reflection or verification in the "
        + "reasoning process. Provide your detailed reasoning between the <think> </think> tags, and then give your "
        + "final answer between the <answer> </answer> tags. Please provide only the single option letter (e.g., A, "
        + "B, C, D, etc.) within the <answer> </answer> tags.";
    assertEquals(expected, text);
    String eval = PromptTemplates.userText("2+2?", ProblemType.NUMERICAL, List.of(), PromptTemplates.Variant.EVAL);
    assertEquals(true, eval.endsWith("between the <think> and </think> tags, and then give your final answer between "
        + "the <answer> and </answer> tags. Please provide the numerical value (e.g., 42 or 3.14) within the <answer> "
        + "</answer> tags."));
  }

  @Test
  void rlPromptHasTheDefaultSystemTurnAndVideoFirst() {
    String s = ChatTemplate.render(PromptTemplates.rlMessages(true, "Q"), true);
    assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
        + "<|vision_start|><|video_pad|><|vision_end|>Q<|im_end|>\n<|im_start|>assistant\n", s);
  }

  @Test
  void sftConversationUsesTheSystemPromptWithoutPeriod() {
    String s = ChatTemplate.render(PromptTemplates.sftMessages(false, "Q", "<think>x</think>", "<answer>A</answer>"),
        false);
    assertEquals("<|im_start|>system\nYou are a helpful assistant<|im_end|>\n<|im_start|>user\n"
        + "<|vision_start|><|image_pad|><|vision_end|>Q<|im_end|>\n<|im_start|>assistant\n"
        + "<think>x</think>\n<answer>A</answer><|im_end|>\n", s);
  }

  @Test
  void tokenizerKeepsSpecialTokensWholeAndNeverTruncates() throws Exception {
    TinyCheckpoints.tokenizerDir(tmp, 288);
    try (QwenTokenizer t = QwenTokenizer.load(tmp)) {
      assertEquals(257, t.tokenId(QwenTokenizer.IM_START));
      assertEquals(258, t.tokenId(QwenTokenizer.IM_END));
      assertEquals(269, t.tokenId(QwenTokenizer.VIDEO_PAD));
      int[] ids = t.encode("a<|im_start|>user\nhi ü<|video_pad|>");
      assertArrayEquals(new int[] {97, 257, 117, 115, 101, 114, 10, 104, 105, 32, 195, 188, 269}, ids);
      assertEquals("a<|im_start|>user\nhi ü<|video_pad|>", t.decode(ids, false));
      assertEquals("auser\nhi ü", t.decode(ids, true));
      String longText = "word ".repeat(1200);
      assertEquals(longText.length(), t.encode(longText).length);
    }
  }
}
