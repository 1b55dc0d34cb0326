package io.videor1.prompt;

/**
 * A question and the frames it is asked about: everything a prompt is built from.
 *
 * @param frames RGB frames {@code [n][height * width * 3]}; an image record has one
 * @param fps the rate the prompt declares for a video: 2.0 gives Video-R1 training's 1.0 s per temporal patch, the
 *     real sample rate gives its evaluation's timing (spec §3.6); unused for an image
 */
public record PromptInput(Question question, byte[][] frames, int height, int width, double fps) {}
