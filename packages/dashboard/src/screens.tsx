// Which screen a route shows.
import type { Route } from './router.js';
import { match } from './router.js';
import { Analytics } from './screens/analytics.js';
import { Answers } from './screens/answers.js';
import { Login, Register, Verify } from './screens/auth.js';
import { AuditLog, Users } from './screens/admin.js';
import { Conversation, Conversations } from './screens/conversations.js';
import { Documents } from './screens/documents.js';
import { Keys } from './screens/keys.js';
import { Leads } from './screens/leads.js';
import { Playground } from './screens/playground.js';
import { type ProjectScreenProps, ProjectShell, type ProjectTab } from './screens/project-shell.js';
import { NewProject, Projects } from './screens/projects.js';
import { Settings } from './screens/settings.js';
import type { User } from './session.js';
import { Title } from './ui.js';

const tabs: Record<ProjectTab, (props: ProjectScreenProps & { route: Route }) => preact.JSX.Element> = {
  documents: Documents,
  playground: Playground,
  conversations: Conversations,
  leads: Leads,
  answers: Answers,
  analytics: Analytics,
  keys: Keys,
  settings: Settings,
};

export function Screen({ route, user }: { route: Route; user: User | null }) {
  const { path } = route;
  if (path === '/login') return <Login route={route} />;
  if (path === '/register') return <Register />;
  if (path === '/verify') return <Verify route={route} />;
  if (path === '/') return <Projects />;
  if (path === '/projects/new') return <NewProject />;
  if (path === '/users' && user?.role === 'admin') return <Users />;
  if (path === '/audit' && user?.role === 'admin') return <AuditLog />;
  const conversation = match('/projects/:id/conversations/:conversationId', path);
  if (conversation)
    return (
      <ProjectShell projectId={conversation.id!} tab="conversations">
        {(props) => <Conversation {...props} conversationId={conversation.conversationId!} />}
      </ProjectShell>
    );
  const tab =
    match('/projects/:id/:tab', path) ??
    (match('/projects/:id', path) && { ...match('/projects/:id', path), tab: 'documents' });
  if (tab && tab.tab! in tabs) {
    const View = tabs[tab.tab as ProjectTab];
    return (
      <ProjectShell projectId={tab.id!} tab={tab.tab as ProjectTab}>
        {(props) => <View {...props} route={route} />}
      </ProjectShell>
    );
  }
  return (
    <>
      <Title>Page not found</Title>
      <p>
        There is nothing at this address. <a href="/app">Back to the projects</a>
      </p>
    </>
  );
}
