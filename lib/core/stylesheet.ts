/**
 * Plan → XSLT 1.0 text, run by the provider as `xsltproc --nomkdir --nonet --nowrite`.
 *
 * The text is a pure function of the plan: no dates, versions or environment, features in catalogue order, one
 * feature per line, so toggling one feature changes one line. `xml.xslt` is ForceNew in provider 0.8.3: any byte
 * change here replaces every VM built from it, so golden files (xslt/) pin the output of each preset.
 *
 * What the stylesheet does to any domain XML:
 * - copies everything it does not own (identity template), comments and namespaced elements included;
 * - whitespace-only text is layout: it is stripped and the output re-indented, so applying twice is a no-op;
 * - replaces any `<hyperv>` in `<features>` with the planned one, creating `<features>` when missing;
 * - owns `<clock>`'s offset and the hypervclock timer, keeping every other timer and a valid adjustment;
 * - with the Windows 11 options: CD-ROMs on SATA (q35), Secure Boot with SMM (q35 with a loader), a CRB TPM 2.0
 *   and the Windows timers, each decided from the domain itself.
 */
import { CATALOGUE, FeatureSpec, childrenOf } from './catalogue';
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

function featureLine(plan: HypervPlan, spec: FeatureSpec): string {
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
  return ['<xsl:template name="hyperv">', '<hyperv>', ...lines, '</hyperv>', '</xsl:template>'];
}

/** Attributes that are invalid with offset localtime/utc (they belong to timezone, variable and absolute). */
const FOREIGN_CLOCK_ATTRIBUTES = '|offset|timezone|basis|start|adjustment|';
/** adjustment is `reset` or an optionally signed integer (libvirt's timeDelta). */
const VALID_ADJUSTMENT =
  "self::clock/@adjustment[.='reset' or string-length(.)>(starts-with(.,'+') or starts-with(.,'-')) and translate(substring(.,1+(starts-with(.,'+') or starts-with(.,'-'))),'0123456789','')='']";

/** The timers the Windows timer policy sets, replacing same-named ones (virt-manager, Nova, KubeVirt agree). */
const WINDOWS_TIMERS = '<timer name="rtc" tickpolicy="catchup"/><timer name="pit" tickpolicy="delay"/><timer name="hpet" present="no"/>';

function clockTemplate(plan: HypervPlan): string[] {
  const hypervclock = plan.features.hypervclock;
  const windowsTimers = plan.features.windowsTimers === 'on';
  if (plan.clockOffset === 'keep' && hypervclock === undefined && !windowsTimers) return [];
  const attributes =
    plan.clockOffset === 'keep'
      ? ['<clock offset="utc">', '<xsl:copy-of select="self::clock/@*"/>']
      : [
          `<clock offset="${plan.clockOffset}">`,
          `<xsl:copy-of select="self::clock/@*[not(contains('${FOREIGN_CLOCK_ATTRIBUTES}',concat('|',name(),'|')))]"/>`,
          `<xsl:copy-of select="${VALID_ADJUSTMENT}"/>`,
        ];
  const owned = [...(windowsTimers ? ['rtc', 'pit', 'hpet'] : []), ...(hypervclock !== undefined ? ['hypervclock'] : [])];
  const kept = owned.length === 0 ? 'self::clock/node()' : `self::clock/node()[not(self::timer[${owned.map((n) => `@name='${n}'`).join(' or ')}])]`;
  const children = [
    `<xsl:apply-templates select="${kept}"/>`,
    ...(windowsTimers ? [WINDOWS_TIMERS] : []),
    ...(hypervclock !== undefined ? [`<timer name="hypervclock" present="${hypervclock === 'on' ? 'yes' : 'no'}"/>`] : []),
  ];
  // Called with the <domain> as context when there is no <clock>: `self::clock/...` then selects nothing.
  return ['<xsl:template match="/domain/clock" name="clock">', ...attributes, ...children, '</clock>', '</xsl:template>'];
}

/** A q35 machine type ('q35', 'pc-q35-7.2', ...), tested on the domain's own <os><type machine>. */
const IS_Q35 = "contains(os/type/@machine,'q35')";
/** libvirt accepts Secure Boot only on q35 with SMM (src/qemu/qemu_validate.c); the loader says it is UEFI. */
const SECURE_BOOT_DOMAIN = `/domain[os/loader and ${IS_Q35}]`;

/** Templates for the guest options that touch devices and firmware; one line each. */
function guestTemplates(plan: HypervPlan): string[] {
  const lines: string[] = [];
  if (plan.features.sataCdrom === 'on') {
    lines.push(
      `<xsl:template match="/domain[${IS_Q35}]/devices/disk[@device='cdrom']/target/@bus[.='ide']"><xsl:attribute name="bus">sata</xsl:attribute></xsl:template>`,
    );
  }
  if (plan.features.secureBoot === 'on') {
    lines.push(
      `<xsl:template match="${SECURE_BOOT_DOMAIN}/os/loader"><xsl:copy><xsl:apply-templates select="@*"/><xsl:attribute name="secure">yes</xsl:attribute><xsl:apply-templates select="node()"/></xsl:copy></xsl:template>`,
      `<xsl:template match="${SECURE_BOOT_DOMAIN}/features/smm/@state"><xsl:attribute name="state">on</xsl:attribute></xsl:template>`,
      `<xsl:template name="smm"><xsl:if test="boolean(${SECURE_BOOT_DOMAIN}) and not(/domain/features/smm)"><smm state="on"/></xsl:if></xsl:template>`,
    );
  }
  if (plan.features.tpmCrb === 'on') {
    lines.push(
      `<xsl:template match="/domain/devices/tpm[backend[@type='emulator' and @version='2.0']]"><xsl:copy><xsl:apply-templates select="@*"/><xsl:attribute name="model">tpm-crb</xsl:attribute><xsl:apply-templates select="node()"/></xsl:copy></xsl:template>`,
    );
  }
  return lines;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const STYLESHEET_START = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">';
const STYLESHEET_END = '</xsl:stylesheet>';

/** How every stylesheet lays out its output (whitespace-only text is layout) and copies what it does not own. */
const LAYOUT_AND_IDENTITY = [
  '<xsl:output method="xml" omit-xml-declaration="yes" indent="yes"/>',
  '<xsl:strip-space elements="*"/>',
  '<xsl:preserve-space elements="description title"/>',
  '<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>',
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
  const clock = clockTemplate(plan);
  // Secure Boot adds <smm> (when missing) just before <hyperv>, which always goes last: applying twice then keeps
  // the order, since a second run finds that <smm> in place and moves only <hyperv> to the end again.
  const featureAdditions = `${plan.features.secureBoot === 'on' ? '<xsl:call-template name="smm"/>' : ''}<xsl:call-template name="hyperv"/>`;
  return [
    XML_DECLARATION,
    '<!-- Hyper-V enlightenments for Windows guests, generated by libvirt-hyperv. xml.xslt is ForceNew: any change replaces the VM. -->',
    STYLESHEET_START,
    ...LAYOUT_AND_IDENTITY,
    '<xsl:template match="/domain">',
    '<xsl:copy>',
    '<xsl:apply-templates select="@*|node()"/>',
    `<xsl:if test="not(features)"><features>${featureAdditions}</features></xsl:if>`,
    ...(clock.length ? ['<xsl:if test="not(clock)"><xsl:call-template name="clock"/></xsl:if>'] : []),
    '</xsl:copy>',
    '</xsl:template>',
    '<xsl:template match="/domain/features">',
    `<xsl:copy><xsl:apply-templates select="@*|node()[not(self::hyperv)]"/>${featureAdditions}</xsl:copy>`,
    '</xsl:template>',
    ...hypervTemplate(plan),
    ...clock,
    ...guestTemplates(plan),
    STYLESHEET_END,
    '',
  ].join('\n');
}
