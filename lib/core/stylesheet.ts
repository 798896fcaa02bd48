/**
 * Plan → XSLT 1.0 text, run by the provider as `xsltproc --nomkdir --nonet --nowrite`.
 *
 * The text is a pure function of the plan: no dates, versions or environment, features in catalogue order, one
 * feature per line, so toggling one feature changes one line. `xml.xslt` is ForceNew in provider 0.8.3: any byte
 * change here replaces every VM built from it, so golden files (xslt/) pin the output of each preset.
 *
 * What the stylesheet does to any domain XML:
 * - copies everything it does not own (identity template), comments and namespaced elements included;
 * - whitespace-only text is layout: it is dropped and the output re-indented, so applying twice is a no-op; except
 *   where the document says otherwise (`xml:space="preserve"`, XSLT 1.0 section 3.4) and in `<title>`/`<description>`;
 * - emits libvirt's canonical form, so that `virsh dumpxml` of the result gives it back unchanged: `<hyperv
 *   mode="custom">` with its children in libvirt's order, `<hyperv>` (and an added `<smm>`) at libvirt's place among
 *   the other `<features>` children, which keep their order;
 * - owns `<clock>`'s offset and the attributes the timer policy sets on the timers it names, keeping every other
 *   timer, attribute and child;
 * - with the Windows 11 options: CD-ROMs on SATA (q35), Secure Boot with SMM (q35 with a loader), a CRB TPM 2.0
 *   and the Windows timers, each decided from the domain itself;
 * - leaves a domain it cannot enlighten as it is (layout aside): an arch other than x86 (i686, x86_64, or none,
 *   which is the host's) or a domain type other than kvm and qemu.
 */
import { CATALOGUE, CatalogueEntry, childrenOf, featuresBefore } from './catalogue';
import type { GuestRendering, TimerSetting } from './guest-rendering';
import type { HypervPlan } from './plan';
import { isRendered } from './rules';

/**
 * Escapes a string for an attribute of a literal result element: XML escaping, `{`/`}` doubled (they would start an
 * attribute value template), and everything outside printable ASCII as a character reference, so the stylesheet is
 * ASCII and no user string can change its structure.
 */
export function escapeAttributeValueTemplate(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === '{') out += '{{';
    else if (ch === '}') out += '}}';
    else if (cp < 0x20 || cp > 0x7e) out += `&#${cp};`;
    else out += ch;
  }
  return out;
}

function featureLine(plan: HypervPlan, spec: CatalogueEntry): string {
  const state = plan.features[spec.id]!;
  let attrs = `state="${state}"`;
  if (spec.value && state === 'on') {
    attrs += ` ${spec.value.attribute}="${escapeAttributeValueTemplate(String(plan[spec.value.option]))}"`;
  }
  const nested = state === 'on' ? childrenOf(spec.id).filter((c) => isRendered(plan, c)) : [];
  if (nested.length === 0) return `<${spec.element} ${attrs}/>`;
  return `<${spec.element} ${attrs}>${nested.map((c) => featureLine(plan, c)).join('')}</${spec.element}>`;
}

function hypervTemplate(plan: HypervPlan): string[] {
  if (plan.mode === 'passthrough') return ['<xsl:template name="hyperv"><hyperv mode="passthrough"/></xsl:template>'];
  const lines = CATALOGUE.filter((s) => s.kind === 'hyperv' && s.parent === undefined && isRendered(plan, s)).map((s) => featureLine(plan, s));
  return ['<xsl:template name="hyperv">', '<hyperv mode="custom">', ...lines, '</hyperv>', '</xsl:template>'];
}

/** The renderings of the guest options that are on, in catalogue order. */
function guestRenderings(plan: HypervPlan): GuestRendering[] {
  return CATALOGUE.filter((s) => s.render && plan.features[s.id] === 'on').map((s) => s.render!);
}

/**
 * `<features>` with the planned `<hyperv>` (and what the guest options insert, such as Secure Boot's `<smm>` when
 * missing) inserted where libvirt would put them, every other child kept in its order. `$f` lists, in libvirt's order,
 * the children libvirt formats before the last inserted element; a child goes after an inserted element when it, or
 * an element before it, is not listed before that element's own name (the old `<hyperv>` is dropped and does not count).
 */
function featuresTemplate(inserted: readonly string[]): string[] {
  const order = [...featuresBefore(inserted[inserted.length - 1]), inserted[inserted.length - 1]];
  const after = (element: string) =>
    `(self::*|preceding-sibling::*)[not(self::hyperv or contains(substring-before($f,'${element}|'),concat('|',name(),'|')))]`;
  const parts: string[] = [];
  let previous = '';
  for (const element of inserted) {
    parts.push(`<xsl:apply-templates select="${previous ? '' : '@*|'}$c${previous}[not(${after(element)})]"/>`, `<xsl:call-template name="${element}"/>`);
    previous = `[${after(element)}]`;
  }
  parts.push(`<xsl:apply-templates select="$c${previous}"/>`);
  return [
    '<xsl:template match="/domain/features">',
    `<xsl:variable name="f" select="'|${order.join('|')}|'"/>`,
    '<xsl:variable name="c" select="node()[not(self::hyperv)]"/>',
    '<xsl:copy>',
    ...parts,
    '</xsl:copy>',
    '</xsl:template>',
  ];
}

/** Attributes that are invalid with offset localtime/utc (they belong to timezone, variable and absolute). */
const FOREIGN_CLOCK_ATTRIBUTES = '|offset|timezone|basis|start|adjustment|';
/** A numeric adjustment: an optionally signed integer (libvirt's timeDelta; `reset` is the other value). */
const NUMERIC_ADJUSTMENT =
  "self::clock/@adjustment[string-length(.)>(starts-with(.,'+') or starts-with(.,'-')) and translate(substring(.,1+(starts-with(.,'+') or starts-with(.,'-'))),'0123456789','')='']";

/**
 * Sets the attribute on an existing timer, keeping its other attributes and children (track, `<catchup>`); a
 * `<catchup>` child goes with any tick policy other than catchup, which is the only one that takes it (the RNG).
 */
function timerTemplate(t: TimerSetting): string {
  const match = `/domain/clock/timer[@name='${t.name}']${t.attribute === 'tickpolicy' ? "[not(@present='no')]" : ''}`;
  const children = t.attribute === 'tickpolicy' && t.value !== 'catchup' ? 'node()[not(self::catchup)]' : 'node()';
  return `<xsl:template match="${match}"><xsl:copy><xsl:apply-templates select="@*"/><xsl:attribute name="${t.attribute}">${t.value}</xsl:attribute><xsl:apply-templates select="${children}"/></xsl:copy></xsl:template>`;
}

/** The guest options' timer policies, then the catalogue's timers (present yes or no). */
function timerSettings(plan: HypervPlan): TimerSetting[] {
  return [
    ...guestRenderings(plan).flatMap((r) => r.timers),
    ...CATALOGUE.filter((s) => s.kind === 'timer' && plan.features[s.id] !== undefined).map(
      (s): TimerSetting => ({ name: s.element, attribute: 'present', value: plan.features[s.id] === 'on' ? 'yes' : 'no' }),
    ),
  ];
}

function clockTemplates(plan: HypervPlan): string[] {
  const timers = timerSettings(plan);
  if (plan.clockOffset === 'keep' && timers.length === 0) return [];
  // libvirt stores localtime or utc with a numeric adjustment as offset="variable" with that basis: so does this.
  const attributes =
    plan.clockOffset === 'keep'
      ? ['<clock offset="utc">', '<xsl:copy-of select="self::clock/@*"/>']
      : [
          `<xsl:variable name="n" select="${NUMERIC_ADJUSTMENT}"/>`,
          '<clock>',
          `<xsl:attribute name="offset"><xsl:choose><xsl:when test="$n">variable</xsl:when><xsl:otherwise>${plan.clockOffset}</xsl:otherwise></xsl:choose></xsl:attribute>`,
          `<xsl:copy-of select="self::clock/@*[not(contains('${FOREIGN_CLOCK_ATTRIBUTES}',concat('|',name(),'|')))]|$n|self::clock/@adjustment[.='reset']"/>`,
          `<xsl:if test="$n"><xsl:attribute name="basis">${plan.clockOffset}</xsl:attribute></xsl:if>`,
        ];
  // Timers the domain lacks are added after its own; called with the <domain> as context when there is no <clock>.
  const missing = timers.map((t) => `<xsl:if test="not(self::clock/timer[@name='${t.name}'])"><timer name="${t.name}" ${t.attribute}="${t.value}"/></xsl:if>`);
  return [
    '<xsl:template match="/domain/clock" name="clock">',
    ...attributes,
    '<xsl:apply-templates select="self::clock/node()"/>',
    ...missing,
    '</clock>',
    '</xsl:template>',
    ...timers.map(timerTemplate),
  ];
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const STYLESHEET_START = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">';
const STYLESHEET_END = '</xsl:stylesheet>';

/**
 * Whitespace-only text is layout, except in `<title>`/`<description>` and where the nearest `xml:space` says
 * `preserve` (XSLT 1.0 section 3.4; libxslt's xsl:strip-space ignores xml:space, so this is a template). The
 * pattern stays simple and the test is in the body: the in-process engine evaluates patterns for every node.
 */
const LAYOUT_TEXT =
  '<xsl:template match="text()[not(normalize-space())]"><xsl:if test="../self::title|../self::description|ancestor::*[@xml:space][1][@xml:space=\'preserve\']"><xsl:copy/></xsl:if></xsl:template>';

/** How every stylesheet lays out its output and copies what it does not own. */
const LAYOUT_AND_IDENTITY = [
  '<xsl:output method="xml" omit-xml-declaration="yes" indent="yes"/>',
  '<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>',
  LAYOUT_TEXT,
];

/** A domain the stylesheet can enlighten: type kvm or qemu (or none), on x86 (i686, x86_64, or none: the host's). */
const ENLIGHTENED = "not(@type!='kvm' and @type!='qemu' or os/type/@arch[.!='x86_64' and .!='i686'])";

/** Any other domain is copied in mode `keep`, where no template of the stylesheet applies; text keeps the layout. */
const KEEP_AS_IS = [
  '<xsl:template match="@*|node()" mode="keep"><xsl:copy><xsl:apply-templates select="@*|node()" mode="keep"/></xsl:copy></xsl:template>',
  '<xsl:template match="text()" mode="keep" priority="1"><xsl:apply-templates select="."/></xsl:template>',
];

/**
 * The identity transform with exactly the layout rules of renderStylesheet: run through the same engine, it puts a
 * domain into the shape the Hyper-V stylesheet gives it, so a before/after diff shows only what that stylesheet
 * changes and none of the re-indentation.
 */
export function renderLayoutStylesheet(): string {
  return [XML_DECLARATION, STYLESHEET_START, ...LAYOUT_AND_IDENTITY, STYLESHEET_END, ''].join('\n');
}

/** Renders the stylesheet for a plan. Deterministic: equal plans give byte-identical text. */
export function renderStylesheet(plan: HypervPlan): string {
  const clock = clockTemplates(plan);
  const guests = guestRenderings(plan);
  const inserted = ['hyperv', ...guests.flatMap((r) => r.featuresInserted)];
  return [
    XML_DECLARATION,
    '<!-- Hyper-V enlightenments for Windows guests, generated by libvirt-hyperv. xml.xslt is ForceNew: any change replaces the VM. -->',
    STYLESHEET_START,
    ...LAYOUT_AND_IDENTITY,
    ...KEEP_AS_IS,
    '<xsl:template match="/domain">',
    `<xsl:if test="not(${ENLIGHTENED})"><xsl:apply-templates select="." mode="keep"/></xsl:if>`,
    `<xsl:if test="${ENLIGHTENED}">`,
    '<xsl:copy>',
    '<xsl:apply-templates select="@*|node()"/>',
    `<xsl:if test="not(features)"><features>${inserted.map((name) => `<xsl:call-template name="${name}"/>`).join('')}</features></xsl:if>`,
    ...(clock.length ? ['<xsl:if test="not(clock)"><xsl:call-template name="clock"/></xsl:if>'] : []),
    '</xsl:copy>',
    '</xsl:if>',
    '</xsl:template>',
    ...featuresTemplate(inserted),
    ...hypervTemplate(plan),
    ...clock,
    ...guests.flatMap((r) => r.templates),
    STYLESHEET_END,
    '',
  ].join('\n');
}
