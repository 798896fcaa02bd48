/**
 * Which XSLT processor runs the stylesheet: xsltproc with the provider's own flags (what terraform-provider-libvirt
 * runs on apply) when it is on PATH, otherwise xslt-processor in this process.
 */
import { runInProcess } from '../preview/in-process';
import { PROVIDER_XSLTPROC_FLAGS, XsltprocError, runXsltproc, xsltprocAvailable } from '../preview/xsltproc';
import { CliError } from './errors';
import type { DomainInput } from './input';

export const ENGINE_CHOICES = ['auto', 'xsltproc', 'in-process'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export interface Engine {
  readonly name: 'xsltproc' | 'in-process';
  /** A line for stderr when the choice deserves a word (the automatic fallback). */
  readonly note?: string;
  /** Runs `stylesheet` on the checked input; throws CliError with one line on failure. */
  transform(stylesheet: string, input: DomainInput): Promise<string>;
}

const xsltproc: Engine = {
  name: 'xsltproc',
  async transform(stylesheet, input) {
    try {
      return runXsltproc(stylesheet, input.xml);
    } catch (e) {
      if (e instanceof XsltprocError) throw new CliError(`xsltproc ${PROVIDER_XSLTPROC_FLAGS.join(' ')} failed on ${input.name}: ${e.message}`);
      throw e;
    }
  },
};

function inProcess(note?: string): Engine {
  return {
    name: 'in-process',
    ...(note ? { note } : {}),
    async transform(stylesheet, input) {
      if (input.inProcessHazard) {
        throw new CliError(
          `${input.inProcessHazard}; install xsltproc (apt-get install xsltproc) and use --engine xsltproc`,
        );
      }
      return runInProcess(stylesheet, input.xml);
    },
  };
}

/** The engine for `--engine choice`; `auto` falls back to in-process, with a note, when xsltproc is not on PATH. */
export function pickEngine(choice: EngineChoice): Engine {
  if (choice === 'in-process') return inProcess();
  if (xsltprocAvailable()) return xsltproc;
  if (choice === 'xsltproc') throw new CliError('--engine: xsltproc is not on PATH; install it (apt-get install xsltproc), or use --engine in-process');
  return inProcess('xsltproc is not on PATH, so the in-process engine (xslt-processor) runs the stylesheet; the provider runs xsltproc: install it for the exact result');
}
