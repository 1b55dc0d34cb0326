package io.videor1.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one prompt layer: wording by style and purpose, the SFT prompt and conversation, and the record builder. */
class PromptsTest {
  private static final Question MC =
      new Question("Which colour is shown first?", "multiple choice", List.of("A. red", "B. blue"), "video");

  @Test
  void evaluationAsksInTheTrainingWordingExceptForTheReferenceStyle() {
    assertEquals(PromptStyle.SHORT.userText(MC), PromptStyle.SHORT.evalText(MC));
    assertTrue(PromptStyle.SHORT.userText(MC).startsWith("Which colour is shown first?"));
    assertTrue(PromptStyle.SHORT.userText(MC).contains("A. red"));
    // Video-R1 trains with one template and evaluates with another (its eval_bench.py); both keep the question.
    assertNotEquals(PromptStyle.VIDEO_R1.userText(MC), PromptStyle.VIDEO_R1.evalText(MC));
    assertTrue(PromptStyle.VIDEO_R1.evalText(MC).contains("Which colour is shown first?"));
    assertTrue(PromptStyle.VIDEO_R1.userText(MC).length() > PromptStyle.SHORT.userText(MC).length() + 300);
  }

  @Test
  void theQuestionLastStyleEndsWithTheQuestion() {
    String text = PromptStyle.SHORT_QUESTION_LAST.userText(MC);
    assertEquals(PromptStyle.SHORT.userText(MC).length(), text.length(), "the same words, moved");
    assertTrue(text.startsWith("Options:\nA. red\n"), text);
    assertTrue(text.endsWith("</answer> tags.\nWhich colour is shown first?"), text);
    assertEquals(text, PromptStyle.SHORT_QUESTION_LAST.evalText(MC));
  }

  @Test
  void theSftPromptIsAPrefixOfItsConversation() {
    for (PromptStyle style : PromptStyle.values()) {
      String prompt = Prompts.sftPrompt(MC, style);
      String conv = Prompts.sftConversation(MC, style, "<think>red, then blue.</think>", "<answer>A</answer>");
      assertTrue(conv.startsWith(prompt), style.name());
      assertTrue(conv.substring(prompt.length()).startsWith("<think>red, then blue.</think>\n<answer>A</answer>"),
          conv.substring(prompt.length()));
      assertTrue(prompt.contains(style.userText(MC)), style.name());
    }
  }

  @Test
  void aQuestionChecksItsTypeAndKnowsItsMedia() {
    assertTrue(MC.video());
    assertEquals(List.of(), new Question("How many?", "numerical", null, "image").options());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Question("?", "essay", List.of(), "image").type());
    assertEquals("unknown problem_type 'essay'", e.getMessage());
  }

  @Test
  void aRecordIsBuiltByNameAndRefusesAMissingRequiredValue() {
    PromptMeta m = PromptMeta.builder().setRowKey("rk").setProblemId(4).setQuestion(MC).setSize(56, 84)
        .optTemporal(true).build();
    assertEquals("", m.file());
    assertEquals("4", m.promptId());
    assertEquals(MC.problem(), m.problem());
    PromptMeta again = m.withCot("<think>x</think>", "<answer>B</answer>").withIndex(9);
    assertEquals(9, again.index());
    assertEquals("<think>x</think>", again.process());
    assertEquals(m, again.toBuilder().optIndex(0).optProcess(null).optSolution(null).build());
    PromptInput in = m.input(new byte[][] {new byte[56 * 84 * 3]}, 2.0);
    assertEquals(56, in.height());
    assertEquals(MC, in.question());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PromptMeta.builder().setRowKey("rk-2").setProblemId(1).setSize(28, 28).build());
    assertEquals("PromptMeta of row rk-2: question is not set", e.getMessage());
  }
}
