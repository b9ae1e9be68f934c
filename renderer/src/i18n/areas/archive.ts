/** UI strings for the working set (本机保留范围) and archiving older closed cases. Chinese first; English has the same keys. */
export const zh = {
  archive: {
    menu: '归档旧案件',
    title: '归档已办结的旧案件',
    intro: '本机保留全部未办结案件和最近若干个月办结的案件。更早办结的案件归档后，列表、地图、三率和排名照常统计；描述、来电人信息和过程记录移入工作区文件夹中的月度归档文件，打开案件时从文件读取。',
    keep: '本机完整保留最近',
    months: '个月',
    cutoff: '{date} 之前办结的案件可以归档',
    month: '办结月份',
    cases: '案件数',
    none: '没有可归档的案件',
    held: '已归档 {cases} 件，归档文件 {files} 个',
    run: '归档 {n} 件',
    confirm: '将 {n} 件 {date} 之前办结的案件归档到月度归档文件？归档文件请与工作区一同备份。',
    done: '已归档 {n} 件，写入 {files} 个归档文件',
    badge: '来自归档',
    badgeTitle: '{date} 归档：描述、来电人信息和过程记录读自归档文件',
    problem: '归档文件无法读取，只显示本机保留的信息：{message}',
  },
};

export const en: typeof zh = {
  archive: {
    menu: 'Archive old cases',
    title: 'Archive older closed cases',
    intro: 'This desk keeps every open case and the cases closed in the last months. Older closed cases, once archived, still count in lists, maps, the three rates and rankings; their descriptions, callers\' details and timelines move to monthly archive files in the workspace\'s archives folder and are read from there when a case is opened.',
    keep: 'Keep in full the last',
    months: 'months',
    cutoff: 'Cases closed before {date} can be archived',
    month: 'Month closed',
    cases: 'Cases',
    none: 'Nothing to archive',
    held: '{cases} cases archived in {files} files',
    run: 'Archive {n} cases',
    confirm: 'Archive {n} cases closed before {date} into monthly archive files? Back the archive files up with the workspace.',
    done: '{n} cases archived into {files} files',
    badge: 'From archive',
    badgeTitle: 'Archived {date}: description, caller and timeline read from the archive file',
    problem: 'The archive file cannot be read; showing what this desk keeps: {message}',
  },
};
