package io.videor1.synth;

/**
 * One generated sample: its place in the output and its scene.
 *
 * @param path the media path as the manifest writes it, relative to the output directory ({@code ./train/videos/000012.mp4})
 * @param process the chain of thought, {@code <think>…</think>}
 * @param mediaBytes size of the written media file
 * @param cueAnswer the option letter the planted cue gives ({@link ShortcutCue#answer}), null without one
 */
public record SynthSample(
    String split, int index, long problemId, SampleKind kind, Scene scene, String path, String process,
    long mediaBytes, String cueAnswer) {}
