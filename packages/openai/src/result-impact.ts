import type { ImpactReport } from '@wattlens/core';
// The augmented modules must be part of the program.
import type {} from 'openai/resources/chat/completions/completions';
import type {} from 'openai/resources/completions';
import type {} from 'openai/resources/responses/responses';
import type {} from 'openai/resources/embeddings';
import type {} from 'openai/resources/images';
import type {} from 'openai/resources/audio/transcriptions';
import type {} from 'openai/core/streaming';

/**
 * Types the `impact` that a wrapped client puts on its results, through the SDK's own result
 * types (module augmentation of the `openai` package the application uses). It is optional: a
 * result of an unwrapped client has none. Speech results are fetch `Response`s, typed globally:
 * read theirs with `getImpact(response)`.
 */
declare module 'openai/resources/chat/completions/completions' {
  interface ChatCompletion {
    /** Environmental impact of the request that produced this completion (non-enumerable; set by `withImpact`). */
    readonly impact?: ImpactReport;
  }
}

declare module 'openai/resources/completions' {
  interface Completion {
    /** Environmental impact of the request (non-enumerable; set by `withImpact`). */
    readonly impact?: ImpactReport;
  }
}

declare module 'openai/resources/responses/responses' {
  interface Response {
    /** Environmental impact of the request that produced this response (non-enumerable; set by `withImpact`). */
    readonly impact?: ImpactReport;
  }
}

declare module 'openai/resources/embeddings' {
  interface CreateEmbeddingResponse {
    /** Environmental impact of the request (non-enumerable; set by `withImpact`). */
    readonly impact?: ImpactReport;
  }
}

declare module 'openai/resources/images' {
  interface ImagesResponse {
    /** Environmental impact of the request (non-enumerable; set by `withImpact`). */
    readonly impact?: ImpactReport;
  }
}

declare module 'openai/resources/audio/transcriptions' {
  interface Transcription {
    /** Environmental impact of the request (non-enumerable; set by `withImpact`). */
    readonly impact?: ImpactReport;
  }
  interface TranscriptionVerbose {
    /** Environmental impact of the request (non-enumerable; set by `withImpact`). */
    readonly impact?: ImpactReport;
  }
}

declare module 'openai/core/streaming' {
  interface Stream<Item> {
    /**
     * Environmental impact of the request, settled when the stream ends, breaks, aborts or
     * fails, with what was generated until then (non-enumerable; set by `withImpact`).
     */
    readonly impact?: Promise<ImpactReport>;
  }
}
