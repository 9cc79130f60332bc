// The package ships no types; these cover what the WebVTT parser uses (parser.js of webvtt-parser 2).
declare module "webvtt-parser" {
  /** A node of a cue's text: text, a tag (c, i, b, u, ruby, rt, v, lang) with its children, or an inline timestamp. */
  export interface WebVTTNode {
    type: "text" | "object" | "timestamp";
    name?: string;
    /** Text: the decoded text. `<v>`: the speaker. `<lang>`: the language. Timestamp: seconds. */
    value?: string | number;
    children?: WebVTTNode[];
  }

  export interface WebVTTCue {
    id: string;
    /** Seconds. */
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: WebVTTNode[] };
  }

  export interface WebVTTError {
    message: string;
    /** 1-based line of the input. */
    line: number;
    col?: number;
  }

  export class WebVTTParser {
    /** `entities` maps "&name;" to its text; without it only a few are known. */
    constructor(entities?: Record<string, string>);
    /** "metadata" mode reports no errors inside cue text, only in the file's structure and timings. */
    parse(input: string, mode?: "metadata" | "chapters"): { cues: WebVTTCue[]; errors: WebVTTError[]; styles: string[] };
  }
}
