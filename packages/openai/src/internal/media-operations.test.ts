import { describe, expect, it } from 'vitest';
import { SPEECH_CHARACTERS_PER_SECOND, speechSeconds, subtitleSeconds } from './media-operations';

describe('speechSeconds', () => {
  it('is the input length at 150 words per minute of 5.79 characters', () => {
    expect(SPEECH_CHARACTERS_PER_SECOND).toBeCloseTo(14.475, 10);
    expect(speechSeconds(1447.5, undefined)).toBe(100);
    expect(speechSeconds(0, 1)).toBe(0);
  });

  it('follows the requested speed and ignores a speed the API would refuse', () => {
    expect(speechSeconds(1447.5, 2)).toBe(50);
    expect(speechSeconds(1447.5, 0.25)).toBe(400);
    expect(speechSeconds(1447.5, 9)).toBe(100);
    expect(speechSeconds(1447.5, 'fast')).toBe(100);
  });
});

describe('subtitleSeconds', () => {
  it('reads the end of the last SRT cue', () => {
    expect(subtitleSeconds('1\n00:00:00,000 --> 00:00:04,250\nHello\n\n2\n00:00:04,250 --> 00:01:02,500\nWorld\n\n')).toBe(62.5);
  });

  it('reads WebVTT cues, with or without hours', () => {
    expect(subtitleSeconds('WEBVTT\n\n00:00.000 --> 00:07.125\nHi\n\n01:00:00.000 --> 01:00:01.000\nLate\n')).toBe(3601);
  });

  it('gives undefined for a transcript without cues', () => {
    expect(subtitleSeconds('just text')).toBeUndefined();
  });
});
