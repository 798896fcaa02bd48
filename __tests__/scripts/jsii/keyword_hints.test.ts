/**
 * keyword_hints.py on the real python3, against a module shaped like jsii-pacmak's output: keyword-only struct
 * fields, a class whose constructor flattens a struct, a classmethod with keyword arguments.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

const HINTS_DIR = join(__dirname, '../../../scripts/jsii');

const PROGRAM = `
import sys
sys.path.insert(0, ${JSON.stringify(HINTS_DIR)})
from keyword_hints import add_keyword_hints

class HypervOptions:
    def __init__(self, *, spinlock_retries=None, vendor_id_value=None, host_cpu_vendor=None):
        self.values = dict(spinlock_retries=spinlock_retries, vendor_id_value=vendor_id_value)

class WindowsDomain:
    def __init__(self, scope, id, *, domain, hyperv=None):
        self.id = id

class HypervPreset:
    @classmethod
    def custom(cls, name, *, mode, clock_offset):
        return (cls.__name__, name, mode)

class Loose:
    def __init__(self, **anything):
        pass

class Hidden:
    def __init__(self, *, value=None):
        pass

__all__ = ["HypervOptions", "WindowsDomain", "HypervPreset", "Loose"]
add_keyword_hints(globals())

def attempt(call):
    try:
        print("ok", call())
    except TypeError as error:
        print("TypeError:", error)

attempt(lambda: HypervOptions(spinlock_retry=8191))
attempt(lambda: HypervOptions(spinlock_retries=8191).values["spinlock_retries"])
attempt(lambda: HypervOptions(zzz=1))
attempt(lambda: HypervOptions(hostCpuVendor="amd"))
attempt(lambda: WindowsDomain(None, "dc01", domian={}))
attempt(lambda: WindowsDomain(None, "dc01", domain={}).id)
attempt(lambda: HypervPreset.custom("mine", mode="custom", clock_ofset="utc"))
attempt(lambda: HypervPreset.custom("mine", mode="custom", clock_offset="utc"))
attempt(lambda: Loose(anything=1) and "loose")
attempt(lambda: Hidden(valu=1))
`;

test('a misspelt keyword names the closest known one; without one, the accepted ones; good calls pass through', () => {
  const result = spawnSync('python3', ['-c', PROGRAM], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  expect(result.stderr).toBe('');
  expect(result.stdout.trimEnd().split('\n')).toEqual([
    "TypeError: HypervOptions() got an unexpected keyword argument 'spinlock_retry'. Did you mean 'spinlock_retries'?",
    'ok 8191',
    "TypeError: HypervOptions() got an unexpected keyword argument 'zzz'. It takes: host_cpu_vendor, spinlock_retries, vendor_id_value.",
    // The TypeScript spelling, as a TypeScript user would type it.
    "TypeError: HypervOptions() got an unexpected keyword argument 'hostCpuVendor'. Did you mean 'host_cpu_vendor'?",
    "TypeError: WindowsDomain() got an unexpected keyword argument 'domian'. Did you mean 'domain'?",
    'ok dc01',
    "TypeError: HypervPreset.custom() got an unexpected keyword argument 'clock_ofset'. Did you mean 'clock_offset'?",
    "ok ('HypervPreset', 'mine', 'custom')",
    // **kwargs takes anything: left alone.
    'ok loose',
    // Not in __all__ (publication hides it): left alone, so Python's own message.
    "TypeError: Hidden.__init__() got an unexpected keyword argument 'valu'",
  ]);
});
